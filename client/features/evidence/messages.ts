import { bilingual } from '../../lib/messages.ts'

export const evidenceMessages = bilingual(
  { title: 'evidence' },
  { title: 'evidence' },
)
