import { bilingual } from '../../lib/messages.ts'

export const mapMessages = bilingual(
  { title: 'map' },
  { title: 'map' },
)
