import { useTranslation } from 'react-i18next'

/** Keyset paging: forward by the server's cursor, back by the cursors already visited. */
export function Pager({
  nextCursor,
  history,
  onNext,
  onPrevious,
  count,
}: {
  nextCursor: string | null | undefined
  history: string[]
  onNext: (cursor: string) => void
  onPrevious: () => void
  count: number
}) {
  const { t } = useTranslation()
  return (
    <nav className="pager" aria-label={t('common.list.showing', { count })}>
      <button type="button" className="button" disabled={history.length === 0} onClick={onPrevious}>
        ← {t('common.action.previous')}
      </button>
      <span className="muted">{t('common.list.showing', { count })}</span>
      <button type="button" className="button" disabled={!nextCursor} onClick={() => nextCursor && onNext(nextCursor)}>
        {t('common.action.next')} →
      </button>
    </nav>
  )
}
