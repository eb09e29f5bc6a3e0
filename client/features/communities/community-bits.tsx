// Small pieces the community screens share: the status badge (word + colour, never colour alone).
import { useTranslation } from 'react-i18next'
import type { CommunityStatus, PlanStatus } from '../../../shared/vocabularies.ts'

const STATUS_BADGE: Record<CommunityStatus, string> = {
  forming: 'badge-amber',
  active: 'badge-green',
  strengthening: 'badge-green',
  inactive: '',
}

export function CommunityStatusBadge({ status }: { status: CommunityStatus }) {
  const { t } = useTranslation()
  return <span className={`badge ${STATUS_BADGE[status]}`}>{t(`vocab.communityStatus.${status}`)}</span>
}

const PLAN_BADGE: Record<PlanStatus, string> = {
  draft: '',
  adopted: 'badge-amber',
  in_progress: 'badge-amber',
  completed: 'badge-green',
}

export function PlanStatusBadge({ status }: { status: PlanStatus }) {
  const { t } = useTranslation()
  return <span className={`badge ${PLAN_BADGE[status]}`}>{t(`vocab.planStatus.${status}`)}</span>
}
