// One legal case: summary, events, stage and its history, privileged notes (legal staff only),
// parties, the communities, land and incidents it concerns on a map, the timeline and the
// evidence. Each section appears only when the server sent its data and the role may use it.
import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import type { CaseDetail } from '../../../shared/cases.ts'
import { useCan } from '../../lib/session.ts'
import { PageHeader } from '../../components/page-header.tsx'
import { formatDate, formatDateTime } from '../../lib/format.ts'
import { ExportDossierButton } from '../../components/dossiers/export-dialog.tsx'
import { EvidenceGallery } from '../../components/evidence/evidence-gallery.tsx'
import { eventTiming } from '../../lib/days.ts'
import { TimingBadge } from '../../components/timing-badge.tsx'
import { caseEventsQuery, caseQuery } from './api.ts'
import { otherTitle, StageBadge } from './case-bits.tsx'
import { EventsSection, splitEvents } from './events-section.tsx'
import { LinksSection } from './links-section.tsx'
import { PartiesSection } from './parties-section.tsx'
import { hasPrivilegedNotes, PrivilegedNotes } from './privileged-notes.tsx'
import { StageSection } from './stage-section.tsx'
import { TasksSection } from './tasks-section.tsx'
import { TeamSection } from './team-section.tsx'
import { TimelineSection } from './timeline-section.tsx'
import './cases.css'
import { localText } from '../../lib/reference-data.ts'
import { PageLoading, PageProblem } from '../../components/page-state.tsx'

export function CasePage() {
  const { id = '' } = useParams()
  const { t } = useTranslation()
  const can = useCan()
  const query = useQuery(caseQuery(id))

  if (query.isPending) {
    return <PageLoading />
  }
  if (query.error) {
    return (
      <PageProblem error={query.error} onRetry={() => void query.refetch()}>
        <Link to="/cases">← {t('cases.list.title')}</Link>
      </PageProblem>
    )
  }
  const caseData = query.data
  const canEdit = can('cases.write')
  const canSeeDetails = can('cases.details')

  return (
    <div className="page case-page">
      <p className="breadcrumb">
        <Link to="/cases">← {t('cases.list.title')}</Link>
      </p>
      <CaseHeader caseData={caseData} canEdit={canEdit} />
      <SummaryCard caseData={caseData} showNextEvent={canSeeDetails} />

      <div className="case-grid">
        {canSeeDetails && <EventsSection caseId={caseData.id} canEdit={canEdit} />}
        <StageSection caseData={caseData} canEdit={canEdit} />
      </div>

      {caseData.team && <TeamSection caseData={caseData} team={caseData.team} canEdit={canEdit} />}

      {can('work.read') && <TasksSection caseId={caseData.id} canEdit={can('tasks.write')} />}

      {hasPrivilegedNotes(caseData) && <PrivilegedNotes caseData={caseData} canEdit={canEdit} />}

      <div className="case-grid">
        {caseData.people && <PartiesSection caseData={caseData} people={caseData.people} canEdit={canEdit} />}
        <LinksSection caseData={caseData} canEdit={canEdit} />
      </div>

      {canSeeDetails && <TimelineSection caseId={caseData.id} />}

      <section className="card case-section" aria-labelledby="case-evidence-heading">
        <h2 id="case-evidence-heading">{t('evidence.title')}</h2>
        {!canSeeDetails && <p className="muted small">{t('evidence.gallery.caseFilesYouGave')}</p>}
        <EvidenceGallery target={{ caseId: caseData.id }} canUpload={can('evidence.upload')} />
      </section>
    </div>
  )
}

function CaseHeader({ caseData, canEdit }: { caseData: CaseDetail; canEdit: boolean }) {
  const { t, i18n } = useTranslation()
  const canWriteLetters = useCan()('documents.generate')
  const other = otherTitle(caseData, i18n.language)
  return (
    <PageHeader
      title={localText(caseData.title, caseData.titleKm, i18n.language)}
      actions={
        <>
          {canEdit && (
            <Link to={`/cases/${caseData.id}/edit`} className="button">
              <span aria-hidden="true">✎ </span>
              {t('common.action.edit')}
            </Link>
          )}
          <ExportDossierButton target="case" targetId={caseData.id} />
          {canWriteLetters && (
            <Link to={`/cases/${caseData.id}/letters/new`} className="button">
              <span aria-hidden="true">✉ </span>
              {t('documentTemplates.letter.write')}
            </Link>
          )}
        </>
      }
    >
      {other && (
        <p className="muted case-other-title" lang={other.lang}>
          {other.text}
        </p>
      )}
      <p className="case-badges">
        <span className="mono case-ref">{caseData.reference}</span>
        <StageBadge stage={caseData.stage} />
        <span className="badge">{t(`vocab.caseKind.${caseData.kind}`)}</span>
      </p>
    </PageHeader>
  )
}

function SummaryCard({ caseData, showNextEvent }: { caseData: CaseDetail; showNextEvent: boolean }) {
  const { t } = useTranslation()
  const none = t('common.state.none')
  return (
    <section className="card case-section" aria-labelledby="case-summary-heading">
      <h2 id="case-summary-heading">{t('cases.summary.title')}</h2>
      {showNextEvent && <NextEvent caseId={caseData.id} />}
      <dl className="facts case-facts">
        <dt>{t('cases.field.reference')}</dt>
        <dd className="mono">{caseData.reference}</dd>
        <dt>{t('cases.field.kind')}</dt>
        <dd>{t(`vocab.caseKind.${caseData.kind}`)}</dd>
        <dt>{t('cases.field.stage')}</dt>
        <dd>{t(`vocab.caseStage.${caseData.stage}`)}</dd>
        <dt>{t('cases.field.forum')}</dt>
        <dd>{caseData.forum ?? none}</dd>
        <dt>{t('cases.field.leadLawyer')}</dt>
        <dd>{caseData.lead?.displayName ?? none}</dd>
        <dt>{t('common.field.province')}</dt>
        <dd>{caseData.province ?? none}</dd>
        <dt>{t('cases.field.communities')}</dt>
        <dd>
          {caseData.communities.length === 0
            ? none
            : caseData.communities.map((community, index) => (
                <span key={community.id}>
                  {index > 0 && ', '}
                  <Link to={`/communities/${community.id}`}>{community.name}</Link>
                </span>
              ))}
        </dd>
        <dt>{t('cases.field.openedOn')}</dt>
        <dd>{formatDate(caseData.openedOn)}</dd>
        {caseData.closedOn && (
          <>
            <dt>{t('cases.field.closedOn')}</dt>
            <dd>{formatDate(caseData.closedOn)}</dd>
          </>
        )}
        <dt>{t('cases.field.result')}</dt>
        <dd data-testid="case-result">{caseData.result ? t(`vocab.caseResult.${caseData.result}`) : t('cases.field.resultPending')}</dd>
        <dt>{t('common.field.updatedAt')}</dt>
        <dd>{formatDateTime(caseData.updatedAt)}</dd>
      </dl>
      {caseData.summary && (
        <>
          <h3>{t('cases.field.summary')}</h3>
          <p className="prewrap">{caseData.summary}</p>
        </>
      )}
      {caseData.outcome && (
        <>
          <h3>{t('cases.field.outcome')}</h3>
          <p className="prewrap">{caseData.outcome}</p>
        </>
      )}
    </section>
  )
}

/** The next hearing or deadline, at the top where a lawyer looks first. */
function NextEvent({ caseId }: { caseId: string }) {
  const { t } = useTranslation()
  const events = useQuery(caseEventsQuery(caseId))
  const next = splitEvents(events.data?.items ?? []).upcoming.find(({ event }) => event.kind === 'hearing' || event.kind === 'deadline')
  if (!next) return null
  return (
    <p className={`next-event timing-${next.timing.state}`}>
      <strong>{t(next.event.kind === 'hearing' ? 'cases.summary.nextHearing' : 'cases.summary.nextDeadline')}</strong>{' '}
      <a href={`#event-${next.event.id}`}>{next.event.title}</a> · {formatDateTime(next.event.startsAt)}{' '}
      <TimingBadge timing={eventTiming(next.event)} />
    </p>
  )
}
