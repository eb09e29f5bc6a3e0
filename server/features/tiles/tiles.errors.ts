import { AppError } from '../../lib/app-error.ts'

export const createTileLayerForbiddenError = (layer: string) =>
  new AppError('tiles.forbidden', 403, `Your role may not see the ${layer} layer`)
