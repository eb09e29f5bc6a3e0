import { bilingual } from '../../lib/messages.ts'

export const incidentsMessages = bilingual(
  { title: 'incidents' },
  { title: 'incidents' },
)
