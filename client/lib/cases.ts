// The legal cases' cache: its key, and what to refresh after a case changes. Shared because a case
// is also opened from triage (a report becomes a case) and shown on the calendar.
import type { QueryClient } from '@tanstack/react-query'

/** Every case query key starts here. */
export const casesKey = ['cases'] as const

/** After any change to a case or its tasks: its page, the lists, the calendar, My work and the evidence all may show it. */
export async function refreshCase(client: QueryClient, caseId?: string) {
  await Promise.all([
    client.invalidateQueries({ queryKey: caseId ? [...casesKey, 'detail', caseId] : casesKey }),
    client.invalidateQueries({ queryKey: [...casesKey, 'list'] }),
    client.invalidateQueries({ queryKey: [...casesKey, 'stage-counts'] }),
    client.invalidateQueries({ queryKey: ['calendar'] }),
    // My work lists the cases' tasks, hearings and deadlines.
    client.invalidateQueries({ queryKey: ['work'] }),
  ])
}
