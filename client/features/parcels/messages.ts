import { bilingual } from '../../lib/messages.ts'

export const parcelsMessages = bilingual(
  { title: 'parcels' },
  { title: 'parcels' },
)
