import { bilingual } from '../../lib/messages.ts'

export const adminMessages = bilingual(
  { title: 'admin' },
  { title: 'admin' },
)
