import { AppError } from '../../lib/app-error.ts'

/** A load balancer reads the 503 and sends no more requests here; `failed` names what is down. */
export const createNotReadyError = (failed: string[], reasons: string) =>
  new AppError('health.not_ready', 503, `Not ready to serve requests: ${reasons}`, undefined, { failed })
