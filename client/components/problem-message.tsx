// An API failure in the user's language: the problem's code picks the sentence, never its text.
import { useTranslation } from 'react-i18next'
import { ApiError, NetworkError } from '../lib/api-client.ts'

export function problemText(t: (key: string, options?: Record<string, unknown>) => string, error: unknown): string {
  if (error instanceof NetworkError) return t('common.error.network')
  if (error instanceof ApiError) {
    if (error.status === 401) return t('common.error.signInAgain')
    if (error.status === 403) return t('common.error.forbidden')
    if (error.status === 404) return t('common.error.notFound')
    if (error.status === 409) return t('common.conflict.title')
    if (error.status === 413) return t('common.error.tooLarge')
    if (error.status === 415) return t('common.error.unsupportedType')
    if (error.status === 400 || error.status === 422) return t('common.error.invalid')
    return t('common.error.server', { requestId: error.problem.requestId ?? error.status })
  }
  return t('common.error.title')
}

/** A role="alert" box for a failed request; the server's own detail in small print for support. */
export function ProblemMessage({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation()
  if (!error) return null
  const detail = error instanceof ApiError ? error.problem.detail : undefined
  return (
    <div className="alert alert-error" role="alert">
      <p>{problemText(t, error)}</p>
      {detail && error instanceof ApiError && error.status >= 400 && error.status !== 404 && (
        <p className="small muted" lang="en">
          {detail}
        </p>
      )}
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          {t('common.action.retry')}
        </button>
      )}
    </div>
  )
}
