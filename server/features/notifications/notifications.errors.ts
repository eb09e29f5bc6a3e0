import { AppError } from '../../lib/app-error.ts'

export const createNotificationNotFoundError = (id: string) =>
  new AppError('notifications.not_found', 404, `No notification ${id} of yours`)

/** Also for a community the viewer may not see: it does not tell that it exists. */
export const createCommunityNotFoundError = (id: string) =>
  new AppError('communities.not_found', 404, `No community with id ${id} that you may follow`, [
    { field: 'params.id', message: 'is not a community you may see' },
  ])
