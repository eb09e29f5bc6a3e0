import { bilingual } from '../../lib/messages.ts'

export const dashboardMessages = bilingual(
  { title: 'dashboard' },
  { title: 'dashboard' },
)
