import { bilingual } from '../../lib/messages.ts'

export const reportMessages = bilingual(
  { title: 'report' },
  { title: 'report' },
)
