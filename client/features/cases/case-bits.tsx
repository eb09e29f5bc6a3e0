// Small pieces every case screen uses: the title in the reader's language, the stage badge.
import { useTranslation } from 'react-i18next'
import { CASE_STAGES, type CaseStage } from '../../../shared/vocabularies.ts'

/** The title in the other language, shown small under the main one (or nothing when it is the same). */
export function otherTitle(row: { title: string; titleKm: string | null }, language: string): { text: string; lang: string } | undefined {
  if (!row.titleKm) return undefined
  return language === 'km' ? { text: row.title, lang: 'en' } : { text: row.titleKm, lang: 'km' }
}

/** Which step of the legal process a stage is (1…8): shown with the name, so colour is not the only clue. */
export const stageStep = (stage: CaseStage) => CASE_STAGES.indexOf(stage) + 1

export function StageBadge({ stage }: { stage: CaseStage }) {
  const { t } = useTranslation()
  return (
    <span className={`badge stage-badge stage-${stage}`}>
      <span className="stage-step" aria-hidden="true">
        {stageStep(stage)}
      </span>
      {t(`vocab.caseStage.${stage}`)}
    </span>
  )
}
