// The chain of custody of one evidence file: every audited event (stored, changed, downloaded,
// purged), who did it and when, and whether the bytes' SHA-256 is still the one first recorded.
import type { z } from 'zod'
import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import type { Custody, CustodyEntry } from '../../../shared/evidence.ts'
import { problemText } from '../problem-message.tsx'
import { formatDateTime } from '../../lib/format.ts'
import { custodyQuery } from '../../lib/evidence.ts'

type Entry = z.infer<typeof CustodyEntry>

const KNOWN_ACTIONS = ['create', 'update', 'delete', 'download', 'purge'] as const

/** Audit bookkeeping that changes on every edit: not worth listing as "changed". */
const BOOKKEEPING = new Set(['updated_at', 'version'])

/** Which fields an update changed, by their database names. */
export function changedFields(details: Entry['details']): string[] {
  const before = details?.before as Record<string, unknown> | undefined
  const after = details?.after as Record<string, unknown> | undefined
  if (!before || !after) return []
  return Object.keys(after).filter((key) => !BOOKKEEPING.has(key) && JSON.stringify(before[key]) !== JSON.stringify(after[key]))
}

/**
 * The audit log names people "role:Display Name"; shown as "Display Name (Legal staff)". Roles
 * that may not see who others are get the role alone, shown as "Legal staff".
 */
export function actorText(t: (key: string) => string, label: string): string {
  const match = /^(admin|legal|advocate|community_rep)(?::(.+))?$/.exec(label)
  if (!match) return label
  const role = t(`vocab.userRole.${match[1]}`)
  return match[2] ? `${match[2]} (${role})` : role
}

export function CustodyList({ evidenceId }: { evidenceId: string }) {
  const { t } = useTranslation()
  const custody = useQuery(custodyQuery(evidenceId))
  if (custody.isPending) return <p className="muted small">{t('common.state.loading')}</p>
  if (custody.error) return <p className="field-error">{problemText(t, custody.error)}</p>
  return <CustodyEntries custody={custody.data} />
}

export function CustodyEntries({ custody }: { custody: z.infer<typeof Custody> }) {
  const { t } = useTranslation()
  if (custody.entries.length === 0) return <p className="muted small">{t('evidence.custody.empty')}</p>
  return (
    <ol className="custody-list">
      {custody.entries.map((entry) => {
        const action = (KNOWN_ACTIONS as readonly string[]).includes(entry.action)
          ? t(`evidence.custody.action.${entry.action}`)
          : entry.action
        const changed = entry.action === 'update' ? changedFields(entry.details) : []
        const reason = entry.action === 'purge' && typeof entry.details?.reason === 'string' ? entry.details.reason : undefined
        return (
          <li key={entry.id}>
            <span className="custody-when">{formatDateTime(entry.at)}</span>
            <span className="custody-what">
              <strong>{action}</strong> · {actorText(t, entry.actorLabel)}
              {entry.details?.stripped === true && <span className="muted"> · {t('evidence.custody.stripped')}</span>}
            </span>
            {changed.length > 0 && <span className="muted small">{t('evidence.custody.changed', { fields: changed.join(', ') })}</span>}
            {reason && <span className="muted small">{reason}</span>}
            {entry.sha256 && (
              <span className={entry.sha256 === custody.sha256 ? 'custody-hash small' : 'custody-hash small field-error'}>
                {entry.sha256 === custody.sha256 ? `✓ ${t('evidence.custody.hashSame')}` : `⚠ ${t('evidence.custody.hashDifferent')}`}
              </span>
            )}
          </li>
        )
      })}
    </ol>
  )
}
