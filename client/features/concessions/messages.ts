import { bilingual } from '../../lib/messages.ts'

export const concessionsMessages = bilingual(
  { title: 'concessions' },
  { title: 'concessions' },
)
