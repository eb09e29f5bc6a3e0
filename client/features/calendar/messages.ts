import { bilingual } from '../../lib/messages.ts'

export const calendarMessages = bilingual(
  { title: 'calendar' },
  { title: 'calendar' },
)
