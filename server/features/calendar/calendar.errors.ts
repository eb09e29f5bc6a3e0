import { AppError } from '../../lib/app-error.ts'

export const createInvalidWindowError = (message: string) =>
  new AppError('request.invalid', 400, `querystring.to: ${message}`, [{ field: 'querystring.to', message }])

/** The same answer for every token that does not open a feed, whatever the reason. */
export const createFeedNotFoundError = () =>
  new AppError('calendar_feeds.not_found', 404, 'No calendar feed at this address: it may have been revoked or replaced by a newer one')
