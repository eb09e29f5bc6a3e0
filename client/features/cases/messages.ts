import { bilingual } from '../../lib/messages.ts'

export const casesMessages = bilingual(
  { title: 'cases' },
  { title: 'cases' },
)
