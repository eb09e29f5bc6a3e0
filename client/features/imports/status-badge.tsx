import { useTranslation } from 'react-i18next'
import type { ImportJob } from '../../../shared/import-jobs.ts'

const TONE: Record<ImportJob['status'], string> = {
  uploaded: '',
  dry_run_running: 'badge-amber',
  dry_run_done: 'badge-amber',
  committing: 'badge-amber',
  committed: 'badge-green',
  failed: 'badge-red',
  undone: '',
}

export function StatusBadge({ status }: { status: ImportJob['status'] }) {
  const { t } = useTranslation()
  return <span className={['badge', TONE[status]].join(' ').trim()}>{t(`imports.status.${status}`)}</span>
}
