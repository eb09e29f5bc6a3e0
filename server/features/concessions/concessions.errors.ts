// The errors of the concessions feature.
import { AppError } from '../../lib/app-error.ts'

/** A concession must be somewhere: its boundary, or at least the point a source gave. */
export const createNoPlaceError = () =>
  new AppError(
    'concessions.no_place',
    422,
    'body.location: a concession without a boundary needs its location; map its boundary before removing the point',
    [{ field: 'body.location', message: 'cannot be removed while the concession has no boundary' }],
  )
