// What a record's page shows before it has the record: that it is loading, or why it could not be
// loaded (with a retry, and where to go instead). One look on every page.
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { ProblemMessage } from './problem-message.tsx'

export function PageLoading() {
  const { t } = useTranslation()
  return (
    <div className="page">
      <p className="muted" role="status">
        {t('common.state.loading')}
      </p>
    </div>
  )
}

export function PageProblem({ error, onRetry, children }: { error: unknown; onRetry?: () => void; children?: ReactNode }) {
  return (
    <div className="page">
      <ProblemMessage error={error} onRetry={onRetry} />
      {children}
    </div>
  )
}
