import { bilingual } from '../../lib/messages.ts'

export const communitiesMessages = bilingual(
  { title: 'communities' },
  { title: 'communities' },
)
