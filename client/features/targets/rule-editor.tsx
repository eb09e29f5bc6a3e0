// The rule of a target: what it counts and which records qualify, with the rule read back as a
// sentence in the reader's language while it is edited.
import { useTranslation } from 'react-i18next'
import {
  ACTIVITY_KINDS,
  ACTIVITY_TOPICS,
  COMMUNITY_KINDS,
  COMMUNITY_STATUSES,
  TARGET_COUNTS,
  type TargetCount,
} from '../../../shared/vocabularies.ts'
import { Field } from '../../components/field.tsx'
import type { FieldErrors } from '../../lib/form-errors.ts'
import { currentLanguage } from '../../lib/i18n.ts'
import { describeRule } from './describe-rule.ts'
import { ruleOf, type RuleDraft } from './target-form-values.ts'

type ListKey = 'kinds' | 'statuses' | 'activityKinds' | 'activityTopics'

export function RuleEditor({ draft, onChange, errors }: { draft: RuleDraft; onChange: (draft: RuleDraft) => void; errors: FieldErrors }) {
  const { t } = useTranslation()
  const set = <K extends keyof RuleDraft>(key: K, value: RuleDraft[K]) => onChange({ ...draft, [key]: value })
  const errorAt = (key: string) => errors[`rule.${key}`] ?? Object.entries(errors).find(([path]) => path.startsWith(`rule.${key}.`))?.[1]

  const checkboxGroup = (key: ListKey, legend: string, values: readonly string[], vocab: string) => {
    const chosen = draft[key] as string[]
    const toggle = (value: string) =>
      onChange({ ...draft, [key]: chosen.includes(value) ? chosen.filter((item) => item !== value) : [...chosen, value] })
    return (
      <fieldset className="field target-choices">
        <legend>{legend}</legend>
        <p className="small muted">{t('targets.form.noneTicked')}</p>
        <div className="target-choice-list">
          {values.map((value) => (
            <label key={value} className="checkbox">
              <input type="checkbox" checked={chosen.includes(value)} onChange={() => toggle(value)} /> {t(`vocab.${vocab}.${value}`)}
            </label>
          ))}
        </div>
        {errorAt(key) && <p className="field-error">{errorAt(key)}</p>}
      </fieldset>
    )
  }

  const activityGroups = (
    <>
      {checkboxGroup('activityKinds', t('targets.form.activityKinds'), ACTIVITY_KINDS, 'activityKind')}
      {checkboxGroup('activityTopics', t('targets.form.topics'), ACTIVITY_TOPICS, 'activityTopic')}
    </>
  )

  return (
    <fieldset className="target-rule">
      <legend>{t('targets.form.rule')}</legend>
      <Field label={t('targets.form.counts')} error={errorAt('count')}>
        <select className="input" value={draft.count} onChange={(event) => set('count', event.target.value as TargetCount)}>
          {TARGET_COUNTS.map((count) => (
            <option key={count} value={count}>
              {t(`vocab.targetCount.${count}`)}
            </option>
          ))}
        </select>
      </Field>
      {draft.count === 'communities' && (
        <>
          {checkboxGroup('kinds', t('targets.form.kinds'), COMMUNITY_KINDS, 'communityKind')}
          {checkboxGroup('statuses', t('targets.form.statuses'), COMMUNITY_STATUSES, 'communityStatus')}
          <div className="form-grid">
            <Field label={t('targets.form.founded')} error={errorAt('founded')}>
              <select
                className="input"
                value={draft.founded}
                onChange={(event) => set('founded', event.target.value as RuleDraft['founded'])}
              >
                <option value="in_period">{t('targets.form.foundedInPeriod')}</option>
                <option value="before_period">{t('targets.form.foundedBefore')}</option>
                <option value="any">{t('targets.form.foundedAny')}</option>
              </select>
            </Field>
            <Field label={t('targets.form.minActivities')} hint={t('targets.form.minActivitiesHint')} error={errorAt('minActivities')}>
              <input
                className="input"
                type="number"
                inputMode="numeric"
                min={0}
                max={365}
                value={draft.minActivities}
                onChange={(event) => set('minActivities', event.target.value)}
              />
            </Field>
          </div>
          {activityGroups}
          <label className="checkbox">
            <input type="checkbox" checked={draft.needsPlan} onChange={(event) => set('needsPlan', event.target.checked)} />{' '}
            {t('targets.form.needsPlan')}
          </label>
        </>
      )}
      {draft.count === 'activities' && activityGroups}
      {draft.count === 'participants' && (
        <>
          {activityGroups}
          <Field label={t('targets.form.who')} error={errorAt('who')}>
            <select className="input" value={draft.who} onChange={(event) => set('who', event.target.value as RuleDraft['who'])}>
              <option value="all">{t('targets.form.whoAll')}</option>
              <option value="women">{t('targets.form.whoWomen')}</option>
              <option value="men">{t('targets.form.whoMen')}</option>
              <option value="youth">{t('targets.form.whoYouth')}</option>
            </select>
          </Field>
        </>
      )}
      <div className="target-rule-words">
        <h3 id="target-rule-words">{t('targets.form.inWords')}</h3>
        <p aria-labelledby="target-rule-words" aria-live="polite" data-testid="rule-sentence">
          {describeRule(ruleOf(draft), currentLanguage(), (vocab, value) => t(`vocab.${vocab}.${value}`))}
        </p>
      </div>
    </fieldset>
  )
}
