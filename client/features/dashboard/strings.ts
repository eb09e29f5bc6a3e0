// The dashboard's strings come with its chunk, not with the strings every first page loads: only
// staff open it, and the sign-in page and report form stay within their budgets (test/budget).
import { registerChunkStrings } from '../../lib/chunk-strings.ts'
import { dashboardMessages } from './messages.ts'
import { dashboardProgramMessages } from './program-messages.ts'

export function registerDashboardStrings() {
  registerChunkStrings('dashboard', dashboardMessages)
  registerChunkStrings('dashboardProgram', dashboardProgramMessages)
}
