// One activity: what, when, where, who took part (women, men, youth, total), the communities and
// groups involved, and its attendance sheets and photos as evidence. Those who may change it (a
// representative: only those they recorded) edit or delete it here.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useParams } from 'react-router'
import type { Activity } from '../../../shared/activities.ts'
import type { Me } from '../../../shared/auth.ts'
import { ConfirmDelete } from '../../components/confirm-delete.tsx'
import { ConflictNotice } from '../../components/conflict-notice.tsx'
import { EvidenceSection } from '../../components/evidence/evidence-section.tsx'
import { EvidenceUploadButton } from '../../components/evidence/evidence-upload-button.tsx'
import { PageHeader } from '../../components/page-header.tsx'
import { PageLoading, PageProblem } from '../../components/page-state.tsx'
import { ProblemMessage } from '../../components/problem-message.tsx'
import { isConflict } from '../../lib/api-client.ts'
import { formatDateTime, formatNumber } from '../../lib/format.ts'
import { localName, provinceName, useProvinces } from '../../lib/reference-data.ts'
import { useCan, useMe } from '../../lib/session.ts'
import { activitiesKey, activityQuery, deleteActivity } from './api.ts'
import { activityDays } from './activity-days.ts'
import { registerActivitiesStrings } from './strings.ts'
import '../../components/records.css'
import './activities.css'

registerActivitiesStrings()

export function ActivityPage() {
  const { id = '' } = useParams()
  const { t } = useTranslation()
  const { data, error, refetch } = useQuery(activityQuery(id))
  if (error)
    return (
      <PageProblem error={error} onRetry={() => void refetch()}>
        <Link to="/activities">{t('activities.list.title')}</Link>
      </PageProblem>
    )
  if (!data) return <PageLoading />
  return <ActivityDetail activity={data} />
}

/** Staff change any activity; a representative those they recorded (server/lib/policy.ts canEditActivity). */
export function mayChangeActivity(me: Pick<Me, 'id' | 'role' | 'permissions'> | null | undefined, activity: Activity): boolean {
  if (!me?.permissions.includes('activities.write')) return false
  return me.role !== 'community_rep' || activity.createdByUserId === me.id
}

function ActivityDetail({ activity }: { activity: Activity }) {
  const { t } = useTranslation()
  const can = useCan()
  const { data: me } = useMe()
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const provinces = useProvinces()
  const mayChange = mayChangeActivity(me, activity)
  const none = t('activities.page.none')

  const remove = useMutation({
    mutationFn: () => deleteActivity(activity.id, activity.version),
    onSuccess: () => {
      // Asking again for the deleted activity would only get a 404: the lists and totals are refreshed.
      queryClient.removeQueries({ queryKey: [...activitiesKey, 'detail', activity.id] })
      void queryClient.invalidateQueries({ queryKey: activitiesKey })
      void navigate('/activities', { replace: true })
    },
  })
  const place = [activity.village, activity.commune, activity.district, provinceName(activity.province, provinces)]
    .filter(Boolean)
    .join(', ')
  const { participants } = activity

  return (
    <div className="page rec-page activities-page">
      <PageHeader
        title={activity.title}
        actions={
          mayChange && (
            <>
              <Link to={`/activities/${activity.id}/edit`} className="button button-primary">
                {t('common.action.edit')}
              </Link>
              <ConfirmDelete
                question={t('activities.delete.question')}
                consequence={t('activities.delete.consequence')}
                onConfirm={() => remove.mutate()}
                isBusy={remove.isPending}
              >
                {remove.error &&
                  (isConflict(remove.error) ? (
                    <ConflictNotice
                      onReload={() => void queryClient.invalidateQueries({ queryKey: activityQuery(activity.id).queryKey })}
                    />
                  ) : (
                    <ProblemMessage error={remove.error} />
                  ))}
              </ConfirmDelete>
            </>
          )
        }
      >
        <p className="rec-badges">
          <span className="badge">{t(`vocab.activityKind.${activity.kind}`)}</span>
          {activity.topic && <span className="badge badge-green">{t(`vocab.activityTopic.${activity.topic}`)}</span>}
        </p>
      </PageHeader>

      <section className="card" aria-labelledby="activity-participants-heading">
        <h2 id="activity-participants-heading">{t('activities.field.participants')}</h2>
        <table className="activity-participants">
          <thead>
            <tr>
              <th scope="col">{t('activities.field.women')}</th>
              <th scope="col">{t('activities.field.men')}</th>
              <th scope="col">{t('activities.field.youth')}</th>
              <th scope="col">{t('activities.field.total')}</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <td>{formatNumber(participants.women)}</td>
              <td>{formatNumber(participants.men)}</td>
              <td>{formatNumber(participants.youth)}</td>
              <td>{formatNumber(participants.total)}</td>
            </tr>
          </tbody>
        </table>
      </section>

      <section className="card" aria-labelledby="activity-details-heading">
        <h2 id="activity-details-heading">{t('activities.page.details')}</h2>
        <dl className="facts">
          <dt>{t('activities.field.startedOn')}</dt>
          <dd>{activityDays(activity)}</dd>
          <dt>{t('activities.field.communities')}</dt>
          <dd>
            {activity.communities.length === 0
              ? none
              : activity.communities.map((community, index) => (
                  <span key={community.id}>
                    {index > 0 && ', '}
                    <Link to={`/communities/${community.id}`}>{localName(community)}</Link>
                  </span>
                ))}
          </dd>
          <dt>{t('activities.field.place')}</dt>
          <dd>{place || none}</dd>
          <dt>{t('activities.field.facilitators')}</dt>
          <dd>{activity.facilitators ?? none}</dd>
          <dt>{t('activities.field.costUsd')}</dt>
          <dd>{activity.costUsd === null ? none : formatNumber(activity.costUsd, 2)}</dd>
          <dt>{t('common.field.updatedAt')}</dt>
          <dd>{formatDateTime(activity.updatedAt)}</dd>
        </dl>
        {activity.notes && (
          <>
            <h3>{t('activities.field.notes')}</h3>
            <p className="rec-prose">{activity.notes}</p>
          </>
        )}
      </section>

      {mayChange && can('evidence.upload') && (
        <section className="card" aria-label={t('activities.page.evidence')}>
          <p className="field-hint">{t('activities.page.evidenceHint')}</p>
          <EvidenceUploadButton target={{ activityId: activity.id }} />
        </section>
      )}
      <EvidenceSection target={{ activityId: activity.id }} headingId="activity-evidence" />
    </div>
  )
}
