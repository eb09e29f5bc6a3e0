// The targets pages bring their strings with their own chunks: only staff open them.
import { registerChunkStrings } from '../../lib/chunk-strings.ts'
import { targetsMessages } from './messages.ts'

export const registerTargetsStrings = () => registerChunkStrings('targets', targetsMessages)
