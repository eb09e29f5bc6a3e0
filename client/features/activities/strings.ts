// The activity pages bring their strings with their own chunks (client/lib/chunk-strings.ts):
// the first page everyone loads stays within its budget (test/budget).
import { registerChunkStrings } from '../../lib/chunk-strings.ts'
import { activitiesMessages } from './messages.ts'

export const registerActivitiesStrings = () => registerChunkStrings('activities', activitiesMessages)
