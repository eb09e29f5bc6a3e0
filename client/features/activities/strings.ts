// The activity pages bring their strings with their own chunks (client/lib/feature-strings.ts):
// the first page everyone loads stays within its budget (test/budget).
import { registerFeatureStrings } from '../../lib/feature-strings.ts'
import { activitiesMessages } from './messages.ts'

export const registerActivitiesStrings = () => registerFeatureStrings('activities', activitiesMessages)
