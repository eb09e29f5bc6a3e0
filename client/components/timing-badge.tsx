// "In 3 days", "Today", "Overdue by 2 days": how close a hearing or deadline is, in words (the
// colour only repeats what the words say).
import { useTranslation } from 'react-i18next'
import { formatNumber } from '../lib/format.ts'
import type { Timing } from '../lib/days.ts'

const CLASS_OF: Record<Timing['state'], string> = {
  done: 'badge badge-green',
  overdue: 'badge badge-red',
  past: 'badge',
  today: 'badge badge-amber timing-urgent',
  tomorrow: 'badge badge-amber timing-urgent',
  soon: 'badge badge-amber',
  later: 'badge',
}

export function timingText(t: (key: string, options?: Record<string, unknown>) => string, timing: Timing): string {
  switch (timing.state) {
    case 'done':
      return t('common.timing.done')
    case 'overdue':
      return timing.days === -1 ? t('common.timing.overdueYesterday') : t('common.timing.overdueDays', { days: formatNumber(-timing.days) })
    case 'past':
      return t('common.timing.past')
    case 'today':
      return t('common.timing.today')
    case 'tomorrow':
      return t('common.timing.tomorrow')
    default:
      return t('common.timing.inDays', { days: formatNumber(timing.days) })
  }
}

export function TimingBadge({ timing }: { timing: Timing }) {
  const { t } = useTranslation()
  return (
    <span className={CLASS_OF[timing.state]} data-timing={timing.state}>
      {timing.state === 'overdue' && <span aria-hidden="true">⚠ </span>}
      {timingText(t, timing)}
    </span>
  )
}
