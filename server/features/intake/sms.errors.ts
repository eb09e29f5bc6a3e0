// What the SMS webhook answers when it refuses a delivery. Only the gateway (which holds the
// secret) ever sees these: senders are answered by SMS (sms-messages.ts).
import type { FieldIssue } from '../../../shared/errors.ts'
import { AppError } from '../../lib/app-error.ts'

export const createSmsWebhookRefusedError = () =>
  new AppError('intake.sms.refused', 403, 'This SMS webhook address is not valid: check SMS_WEBHOOK_SECRET in the gateway’s webhook URL')

export const createSmsSignatureInvalidError = () =>
  new AppError(
    'intake.sms.signature_invalid',
    403,
    'X-Signature does not match: set the gateway’s signing key (Settings → Webhooks → Signing Key) to SMS_WEBHOOK_SECRET, and check both clocks',
  )

export const createSmsBodyNotJsonError = () =>
  new AppError('intake.sms.not_json', 400, 'body: is not JSON; nothing was kept', [{ field: 'body', message: 'is not JSON' }])

/** The payload of an sms:received delivery is not what the gateway sends. */
export const createSmsPayloadInvalidError = (errors: FieldIssue[]) =>
  new AppError('request.invalid', 400, `${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}; nothing was kept`, errors)
