// The dashboard's program-monitoring strings come with its chunk: the first page stays light.
import { registerChunkStrings } from '../../lib/chunk-strings.ts'
import { dashboardProgramMessages } from './program-messages.ts'

export const registerDashboardStrings = () => registerChunkStrings('dashboardProgram', dashboardProgramMessages)
