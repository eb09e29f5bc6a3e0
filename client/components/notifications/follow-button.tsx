// Follow a community: a new incident reported there then comes under the bell (and by e-mail).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { ProblemMessage } from '../problem-message.tsx'
import { followStateQuery, setFollowing } from './api.ts'
import './notifications.css'

export function FollowButton({ communityId }: { communityId: string }) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const query = followStateQuery(communityId)
  const { data } = useQuery(query)
  const change = useMutation({
    mutationFn: (isFollowing: boolean) => setFollowing(communityId, isFollowing),
    onSuccess: (state) => queryClient.setQueryData(query.queryKey, state),
  })
  // A community this user may not follow (not theirs) answers 404: no button then.
  if (!data) return null
  const isFollowing = data.isFollowing
  return (
    <div className="follow-community">
      <button
        type="button"
        className={isFollowing ? 'button' : 'button button-primary'}
        aria-pressed={isFollowing}
        disabled={change.isPending}
        title={t('notifications.follow.hint')}
        onClick={() => change.mutate(!isFollowing)}
      >
        {isFollowing ? `✓ ${t('notifications.follow.following')}` : t('notifications.follow.follow')}
      </button>
      {isFollowing && (
        <button type="button" className="link-button small" disabled={change.isPending} onClick={() => change.mutate(false)}>
          {t('notifications.follow.unfollow')}
        </button>
      )}
      {change.error && <ProblemMessage error={change.error} />}
    </div>
  )
}
