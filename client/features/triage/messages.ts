import { bilingual } from '../../lib/messages.ts'

export const triageMessages = bilingual(
  { title: 'triage' },
  { title: 'triage' },
)
