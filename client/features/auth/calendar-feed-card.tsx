// "Calendar subscription" on My account: a private address a phone's calendar app subscribes to, so
// hearings and deadlines appear there and update by themselves. The address holds a secret and is
// shown once, when it is made (the server keeps only its hash); after that the card says when it was
// made and last read, and offers a new one (the old one stops working) or turning it off.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useLocation } from 'react-router'
import { onlyMyCasesUrl, webcalUrlOf, type NewCalendarFeed } from '../../../shared/calendar-feeds.ts'
import { ConfirmDelete } from '../../components/confirm-delete.tsx'
import { ProblemMessage } from '../../components/problem-message.tsx'
import { formatDateTime } from '../../lib/format.ts'
import { useViewer } from '../../lib/session.ts'
import { calendarFeedKey, calendarFeedQuery, createCalendarFeed, revokeCalendarFeed } from './calendar-feed-api.ts'

/** The card's anchor: the calendar page links here. */
export const CALENDAR_FEED_ANCHOR = 'calendar-feed'

type CopyState = 'idle' | 'copied' | 'by-hand'

export function CalendarFeedCard() {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const me = useViewer()
  // Only accounts that can be on a case team have cases of their own to narrow the feed to.
  const canNarrowToMine = me.role === 'legal' || me.role === 'admin'
  const [isOnlyMine, setOnlyMine] = useState(false)
  const status = useQuery(calendarFeedQuery())
  /** The address just made: kept only in this page's memory, never fetched again. */
  const [created, setCreated] = useState<NewCalendarFeed | undefined>()
  const [isRevoked, setRevoked] = useState(false)
  const [copyState, setCopyState] = useState<CopyState>('idle')
  const linkRef = useRef<HTMLInputElement>(null)
  const sectionRef = useRef<HTMLElement>(null)
  const { hash } = useLocation()
  // The calendar page links to /account#calendar-feed: bring the card into view on a phone.
  useEffect(() => {
    if (hash === `#${CALENDAR_FEED_ANCHOR}`) sectionRef.current?.scrollIntoView?.({ block: 'start' })
  }, [hash])

  const create = useMutation({
    mutationFn: createCalendarFeed,
    onSuccess: async (feed) => {
      setCreated(feed)
      setRevoked(false)
      setCopyState('idle')
      await queryClient.invalidateQueries({ queryKey: calendarFeedKey })
    },
  })
  const revoke = useMutation({
    mutationFn: revokeCalendarFeed,
    onSuccess: async () => {
      setCreated(undefined)
      setRevoked(true)
      await queryClient.invalidateQueries({ queryKey: calendarFeedKey })
    },
  })

  // The address as this page was reached (the server may sit behind a proxy that renames it).
  const fullUrl = created ? new URL(created.path, window.location.origin).href : undefined
  const url = fullUrl && isOnlyMine ? onlyMyCasesUrl(fullUrl) : fullUrl
  const feed = status.data?.feed
  const copy = async () => {
    if (!url) return
    try {
      await navigator.clipboard.writeText(url)
      setCopyState('copied')
    } catch {
      // No clipboard on a plain-http office network: select the text for the user to copy.
      linkRef.current?.select()
      setCopyState('by-hand')
    }
  }

  return (
    <section ref={sectionRef} className="card calendar-feed-card" id={CALENDAR_FEED_ANCHOR} aria-labelledby="calendar-feed-title">
      <h2 id="calendar-feed-title" className="card-title">
        {t('auth.calendarFeed.title')}
      </h2>
      <p>{t('auth.calendarFeed.intro')}</p>
      <p className="small muted">{t('auth.calendarFeed.contents')}</p>

      {status.isPending && <p className="muted">{t('common.state.loading')}</p>}
      <ProblemMessage error={status.error} onRetry={() => void status.refetch()} />
      {isRevoked && !feed && (
        <p className="alert alert-success" role="status">
          {t('auth.calendarFeed.revoked')}
        </p>
      )}

      {url && (
        <div className="calendar-feed-link">
          <label htmlFor="calendar-feed-url">{t('auth.calendarFeed.linkLabel')}</label>
          <input
            id="calendar-feed-url"
            ref={linkRef}
            type="text"
            readOnly
            value={url}
            onFocus={(event) => event.currentTarget.select()}
            aria-describedby="calendar-feed-once"
          />
          {canNarrowToMine && (
            <label className="calendar-feed-mine">
              <input
                type="checkbox"
                checked={isOnlyMine}
                onChange={(event) => {
                  setOnlyMine(event.target.checked)
                  setCopyState('idle')
                }}
              />
              <span>{t('auth.calendarFeed.onlyMine')}</span>
            </label>
          )}
          <p id="calendar-feed-once" className="alert alert-warning">
            {t('auth.calendarFeed.showOnce')}
          </p>
          <div className="button-row">
            <button type="button" className="button button-primary" onClick={() => void copy()}>
              {t('auth.calendarFeed.copy')}
            </button>
            <a className="button" href={webcalUrlOf(url)}>
              {t('auth.calendarFeed.open')}
            </a>
          </div>
          {copyState !== 'idle' && (
            <p role="status" className={copyState === 'copied' ? 'small' : 'small muted'}>
              {t(copyState === 'copied' ? 'auth.calendarFeed.copied' : 'auth.calendarFeed.copyByHand')}
            </p>
          )}
          <p className="small">{t('auth.calendarFeed.howTo')}</p>
        </div>
      )}

      {status.isSuccess && !feed && (
        <>
          {!isRevoked && <p>{t('auth.calendarFeed.none')}</p>}
          <button type="button" className="button button-primary" onClick={() => create.mutate()} disabled={create.isPending}>
            {create.isPending ? t('auth.calendarFeed.creating') : t('auth.calendarFeed.create')}
          </button>
        </>
      )}

      {feed && (
        <>
          <p data-testid="calendar-feed-dates">
            {t('auth.calendarFeed.created', { date: formatDateTime(feed.createdAt) })}{' '}
            {feed.lastUsedAt
              ? t('auth.calendarFeed.lastUsed', { date: formatDateTime(feed.lastUsedAt) })
              : t('auth.calendarFeed.neverUsed')}
          </p>
          {!url && <p className="small muted">{t('auth.calendarFeed.lost')}</p>}
          {/* Keyed by the feed: a new one closes the questions that made it. */}
          <div className="button-row" key={feed.createdAt.getTime()}>
            <ConfirmDelete
              label={t('auth.calendarFeed.regenerate')}
              question={t('auth.calendarFeed.regenerateQuestion')}
              consequence={t('auth.calendarFeed.regenerateConsequence')}
              confirmLabel={t('auth.calendarFeed.regenerateConfirm')}
              busyLabel={t('auth.calendarFeed.regenerating')}
              isBusy={create.isPending}
              onConfirm={() => create.mutate()}
            />
            <ConfirmDelete
              label={t('auth.calendarFeed.revoke')}
              question={t('auth.calendarFeed.revokeQuestion')}
              consequence={t('auth.calendarFeed.revokeConsequence')}
              confirmLabel={t('auth.calendarFeed.revokeConfirm')}
              busyLabel={t('auth.calendarFeed.revoking')}
              isBusy={revoke.isPending}
              onConfirm={() => revoke.mutate()}
            />
          </div>
        </>
      )}
      <ProblemMessage error={create.error ?? revoke.error} />
    </section>
  )
}
