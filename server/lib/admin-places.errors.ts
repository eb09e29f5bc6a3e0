// The errors of lib/admin-places.ts.
import { AppError } from './app-error.ts'

export const createProvinceRequiredError = () =>
  new AppError('place.province_required', 422, 'body.province: is required when the location is outside Cambodia', [
    { field: 'body.province', message: 'is required when the location is outside Cambodia' },
  ])
