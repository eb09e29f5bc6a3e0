import { AppError } from '../../lib/app-error.ts'

export const createDuplicateTargetError = (year: number, indicator: string) =>
  new AppError('program_targets.duplicate', 409, `body.indicator: ${year} already has a ${indicator} target; change that one instead`, [
    { field: 'body.indicator', message: `already has a target for ${year}` },
  ])
