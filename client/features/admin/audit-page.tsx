// Admin → Audit log: who did what to which record, newest first, with filters and paging; the
// changed fields before → after (sensitive values arrive masked and are shown as hidden).
// Administrators can re-walk the hash chain and see whether, and where, it is broken.
import './admin.css'
import { useMutation, useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { Link, useSearchParams } from 'react-router'
import type { AuditEntry } from '../../../shared/audit.ts'
import { useCan } from '../../lib/session.ts'
import { Field } from '../../components/field.tsx'
import { PageHeader } from '../../components/page-header.tsx'
import { Pager } from '../../components/pager.tsx'
import { ProblemMessage } from '../../components/problem-message.tsx'
import { formatDate, formatDateTime, formatNumber } from '../../lib/format.ts'
import { useListParams } from '../../lib/use-list-params.ts'
import { allUsersQuery, auditQuery, verifyAuditChain } from './api.ts'
import {
  actorOf,
  AUDIT_ACTIONS,
  AUDIT_ENTITIES,
  changesOf,
  communityNameOf,
  dayEnd,
  dayStart,
  displayValueOf,
  entityLinkOf,
  membershipChangeOf,
  shortId,
  type FieldChange,
} from './audit-format.ts'
import { SearchInput } from './search-input.tsx'

const PAGE_SIZE = 50
const DAY = /^\d{4}-\d{2}-\d{2}$/
/** More changed fields than this fold away behind "N fields". */
const FIELDS_SHOWN_OPEN = 6
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function AuditPage() {
  const { t } = useTranslation()
  const can = useCan()
  const list = useListParams()
  const [search, setSearch] = useSearchParams()
  const { entity, action, actor, actorName, entityId, from, to } = list.filters
  const fromDay = from && DAY.test(from) ? from : undefined
  const toDay = to && DAY.test(to) ? to : undefined
  const isRangeInvalid = Boolean(fromDay && toDay && fromDay > toDay)
  const query = {
    limit: PAGE_SIZE,
    before: list.cursor,
    entity,
    action,
    actor: actor && UUID.test(actor) ? actor : undefined,
    entityId,
    from: fromDay && !isRangeInvalid ? dayStart(fromDay) : undefined,
    to: toDay && !isRangeInvalid ? dayEnd(toDay) : undefined,
  }
  const entries = useQuery(auditQuery(query))
  const canManageUsers = can('users.manage')
  const users = useQuery({ ...allUsersQuery(), enabled: canManageUsers })
  const verify = useMutation({ mutationFn: verifyAuditChain })
  const brokenId = verify.data?.firstBrokenId ?? undefined
  const hasFilters = Object.keys(list.filters).length > 0 || Boolean(list.cursor)

  /** Several filters at once (setFilter would each start from the same URL and undo the other). */
  const setFilters = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(search)
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value)
      else next.delete(key)
    }
    next.delete('cursor')
    next.delete('back')
    setSearch(next)
  }
  const filterByActor = (id: string, name: string) => setFilters({ actor: id, actorName: name })
  const actorLabel = actorName ?? users.data?.find((user) => user.id === actor)?.displayName ?? (actor ? shortId(actor) : undefined)
  // The log is read newest first, by id: the page "before id + 1" starts with this entry.
  const showEntry = (id: number) => setSearch(new URLSearchParams({ cursor: String(id + 1) }))

  return (
    <div className="page admin-audit">
      <PageHeader
        title={t('admin.audit.title')}
        actions={
          can('audit.verify') && (
            <button type="button" className="button" onClick={() => verify.mutate()} disabled={verify.isPending}>
              {verify.isPending ? t('admin.audit.verify.working') : t('admin.audit.verify.button')}
            </button>
          )
        }
      >
        <p className="muted page-intro">{t('admin.audit.intro')}</p>
      </PageHeader>

      {verify.error && <ProblemMessage error={verify.error} />}
      {verify.data && (
        <div
          className={verify.data.isIntact ? 'alert alert-success verify-result' : 'alert alert-error verify-result'}
          role="status"
          data-testid="audit-verify-result"
        >
          {verify.data.isIntact ? (
            <>
              <p>✓ {t('admin.audit.verify.ok', { count: formatNumber(verify.data.checked) })}</p>
              <p className="small">
                {verify.data.checkpoints.latest
                  ? t('admin.audit.verify.checkpoints', {
                      count: verify.data.checkpoints.verified,
                      at: formatDateTime(verify.data.checkpoints.latest.at),
                      id: verify.data.checkpoints.latest.headId,
                    })
                  : t('admin.audit.verify.noCheckpoint')}
              </p>
            </>
          ) : (
            <>
              <p>
                <strong>
                  ✕ {t('admin.audit.verify.broken', { id: verify.data.firstBrokenId, count: formatNumber(verify.data.checked) })}
                </strong>
              </p>
              {verify.data.problem && <p>{t(`admin.audit.verify.reason.${verify.data.problem}`)}</p>}
              {brokenId !== undefined && (
                <button type="button" className="button" onClick={() => showEntry(brokenId)}>
                  {t('admin.audit.verify.showEntry', { id: brokenId })}
                </button>
              )}
            </>
          )}
        </div>
      )}

      <form
        className="filters audit-filters"
        role="search"
        aria-label={t('common.list.filters')}
        onSubmit={(event) => event.preventDefault()}
      >
        <Field label={t('admin.audit.filter.entity')}>
          <select value={entity ?? ''} onChange={(event) => list.setFilter('entity', event.target.value || undefined)}>
            <option value="">{t('admin.audit.filter.anyEntity')}</option>
            {AUDIT_ENTITIES.map((value) => (
              <option key={value} value={value}>
                {t(`admin.audit.entity.${value}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('admin.audit.filter.action')}>
          <select value={action ?? ''} onChange={(event) => list.setFilter('action', event.target.value || undefined)}>
            <option value="">{t('admin.audit.filter.anyAction')}</option>
            {AUDIT_ACTIONS.map((value) => (
              <option key={value} value={value}>
                {t(`admin.audit.action.${value}`)}
              </option>
            ))}
          </select>
        </Field>
        {canManageUsers && (
          <Field label={t('admin.audit.filter.actor')}>
            <select value={actor ?? ''} onChange={(event) => setFilters({ actor: event.target.value || undefined, actorName: undefined })}>
              <option value="">{t('admin.audit.filter.anyActor')}</option>
              {actor && !users.data?.some((user) => user.id === actor) && <option value={actor}>{actorLabel}</option>}
              {users.data?.map((user) => (
                <option key={user.id} value={user.id}>
                  {user.displayName}
                </option>
              ))}
            </select>
          </Field>
        )}
        <Field label={t('admin.audit.filter.from')} error={isRangeInvalid ? t('admin.audit.filter.rangeInvalid') : undefined}>
          <input
            type="date"
            value={fromDay ?? ''}
            min="2000-01-01"
            max="2100-12-31"
            onChange={(event) => list.setFilter('from', event.target.value || undefined)}
          />
        </Field>
        <Field label={t('admin.audit.filter.to')}>
          <input
            type="date"
            value={toDay ?? ''}
            min="2000-01-01"
            max="2100-12-31"
            onChange={(event) => list.setFilter('to', event.target.value || undefined)}
          />
        </Field>
        <Field label={t('admin.audit.filter.entityId')}>
          <SearchInput
            type="text"
            value={entityId ?? ''}
            spellCheck={false}
            autoCapitalize="none"
            onChange={(value) => list.setFilter('entityId', value || undefined)}
          />
        </Field>
        <div className="filters-actions">
          <button type="button" className="button" disabled={!hasFilters} onClick={list.clear}>
            {t('admin.audit.filter.clear')}
          </button>
        </div>
      </form>

      {actor && !canManageUsers && (
        <div className="audit-toolbar">
          <span className="actor-chip">
            {t('admin.audit.filter.onlyActor', { name: actorLabel })}
            <button type="button" className="button button-small" onClick={() => setFilters({ actor: undefined, actorName: undefined })}>
              ✕ {t('admin.audit.filter.showEveryone')}
            </button>
          </span>
        </div>
      )}

      {entries.error && <ProblemMessage error={entries.error} onRetry={() => void entries.refetch()} />}
      {entries.isPending && !entries.error && (
        <p className="page-loading" role="status">
          {t('common.state.loading')}
        </p>
      )}
      {entries.data && (
        <>
          <div className="table-wrap" aria-busy={entries.isFetching}>
            <table className="data-table audit-table">
              <caption className="visually-hidden">{t('admin.audit.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('admin.audit.column.time')}</th>
                  <th scope="col">{t('admin.audit.column.actor')}</th>
                  <th scope="col">{t('admin.audit.column.action')}</th>
                  <th scope="col">{t('admin.audit.column.entity')}</th>
                  <th scope="col">{t('admin.audit.column.changes')}</th>
                </tr>
              </thead>
              <tbody>
                {entries.data.items.map((entry) => (
                  <AuditRow key={entry.id} entry={entry} isBroken={verify.data?.firstBrokenId === entry.id} onFilterActor={filterByActor} />
                ))}
              </tbody>
            </table>
            {entries.data.items.length === 0 && (
              <p className="empty">{hasFilters ? t('common.state.noResults') : t('common.state.empty')}</p>
            )}
          </div>
          <Pager
            nextCursor={entries.data.nextCursor}
            history={list.history}
            onNext={list.nextPage}
            onPrevious={list.previousPage}
            count={entries.data.items.length}
          />
        </>
      )}
    </div>
  )
}

function AuditRow({
  entry,
  isBroken,
  onFilterActor,
}: {
  entry: AuditEntry
  isBroken: boolean
  onFilterActor: (id: string, name: string) => void
}) {
  const { t, i18n } = useTranslation()
  const can = useCan()
  const actor = actorOf(entry.actorLabel)
  const actorName = entry.actorLabel === 'system' ? t('admin.audit.system') : actor.name
  const link = entityLinkOf(entry)
  const entityLabel = i18n.exists(`admin.audit.entity.${entry.entity}`) ? t(`admin.audit.entity.${entry.entity}`) : entry.entity
  const actionLabel = i18n.exists(`admin.audit.action.${entry.action}`) ? t(`admin.audit.action.${entry.action}`) : entry.action
  const columns = {
    time: t('admin.audit.column.time'),
    actor: t('admin.audit.column.actor'),
    action: t('admin.audit.column.action'),
    entity: t('admin.audit.column.entity'),
    changes: t('admin.audit.column.changes'),
  }
  return (
    <tr data-testid="audit-row" className={isBroken ? 'is-broken' : undefined} id={`audit-${entry.id}`}>
      <td data-label={columns.time}>
        <div>
          <span className="audit-time">{formatDateTime(entry.at)}</span>
          <div className="audit-id">{t('admin.audit.entry', { id: entry.id })}</div>
        </div>
      </td>
      <td data-label={columns.actor}>
        <div className="audit-actor">
          {entry.actorId ? (
            <button
              type="button"
              className="link-button"
              title={t('admin.audit.filterByActor', { name: actorName })}
              onClick={() => onFilterActor(entry.actorId!, actorName)}
            >
              {actorName}
            </button>
          ) : (
            <span>{actorName}</span>
          )}
          {actor.role && <span className="small muted">{t(`vocab.userRole.${actor.role}`)}</span>}
          {entry.ip && <span className="audit-meta">{t('admin.audit.ip', { ip: entry.ip })}</span>}
        </div>
      </td>
      <td data-label={columns.action}>
        <span className={`badge action-badge action-${entry.action}`}>{actionLabel}</span>
      </td>
      <td data-label={columns.entity} className="audit-entity">
        <div>
          {link && can(link.permission) ? <Link to={link.to}>{entityLabel}</Link> : <span>{entityLabel}</span>}
          {entry.entityId && (
            <div className="audit-meta mono" title={entry.entityId}>
              {shortId(entry.entityId)}
            </div>
          )}
        </div>
      </td>
      <td data-label={columns.changes} className="audit-changes">
        <Changes entry={entry} />
      </td>
    </tr>
  )
}

function Changes({ entry }: { entry: AuditEntry }) {
  const { t, i18n } = useTranslation()
  const memberships = membershipChangeOf(entry)
  if (memberships) {
    const names = (list: typeof memberships.added) => list.map((community) => communityNameOf(community, i18n.language)).join(', ')
    const added = names(memberships.added)
    const removed = names(memberships.removed)
    return (
      <p className="audit-memberships">
        {added && removed
          ? t('admin.audit.memberships.addedAndRemoved', { added, removed })
          : added
            ? t('admin.audit.memberships.added', { added })
            : t('admin.audit.memberships.removed', { removed })}
      </p>
    )
  }
  const changes = changesOf(entry)
  if (changes.kind === 'none' || changes.fields.length === 0) return <span className="muted">{t('common.state.none')}</span>
  const list = <FieldList entity={entry.entity} fields={changes.fields} />
  if (changes.kind === 'snapshot' || changes.fields.length > FIELDS_SHOWN_OPEN) {
    return (
      <details className="diff-details">
        <summary>{t('admin.audit.diff.fields', { count: changes.fields.length })}</summary>
        {list}
      </details>
    )
  }
  return list
}

function FieldList({ entity, fields }: { entity: string; fields: FieldChange[] }) {
  const { t, i18n } = useTranslation()
  return (
    <dl className="diff">
      {fields.map((change) => (
        <div key={change.field} className="diff-row">
          <dt>
            {i18n.exists(`admin.audit.field.${change.field}`) ? (
              t(`admin.audit.field.${change.field}`)
            ) : (
              <span className="mono">{change.field}</span>
            )}
          </dt>
          <dd>
            {change.isChange ? (
              <>
                <span className="diff-before">
                  <Value entity={entity} field={change.field} value={change.before} />
                </span>
                <span className="diff-arrow" aria-hidden="true">
                  →
                </span>
                <span className="diff-after">
                  <Value entity={entity} field={change.field} value={change.after} />
                </span>
              </>
            ) : (
              <Value entity={entity} field={change.field} value={change.after ?? change.before} />
            )}
          </dd>
        </div>
      ))}
    </dl>
  )
}

function Value({ entity, field, value }: { entity: string; field: string; value: unknown }) {
  const { t, i18n } = useTranslation()
  const display = displayValueOf(entity, field, value)
  switch (display.kind) {
    case 'masked':
      return (
        <span className="diff-masked" title={t('admin.audit.diff.maskedTitle')}>
          ••• {t('admin.audit.diff.masked')}
        </span>
      )
    case 'empty':
      return <span className="diff-empty">{t('admin.audit.diff.empty')}</span>
    case 'boolean':
      return <>{display.value ? t('admin.audit.diff.yes') : t('admin.audit.diff.no')}</>
    case 'dateTime':
      return <>{formatDateTime(display.value)}</>
    case 'date':
      return <>{formatDate(display.value)}</>
    case 'id':
      return (
        <span className="mono" title={display.value}>
          {shortId(display.value)}
        </span>
      )
    case 'shape':
      return display.sha256 ? (
        <span title={`SHA-256 ${display.sha256}`}>
          {t('admin.audit.diff.shapeDigest', { type: display.type, count: display.points, sha256: display.sha256.slice(0, 12) })}
        </span>
      ) : (
        <>{t('admin.audit.diff.shape', { type: display.type })}</>
      )
    case 'vocab':
      return (
        <>
          {i18n.exists(`vocab.${display.vocabulary}.${display.value}`) ? t(`vocab.${display.vocabulary}.${display.value}`) : display.value}
        </>
      )
    case 'text':
      return (
        <span translate="no" title={display.full !== display.value ? display.full : undefined}>
          {display.value}
        </span>
      )
  }
}
