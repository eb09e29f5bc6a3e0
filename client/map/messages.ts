import { bilingual } from '../lib/messages.ts'

export const geometryMessages = bilingual(
  { title: 'geometry' },
  { title: 'geometry' },
)
