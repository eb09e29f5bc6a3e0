// Reports by SMS: what the gateway's webhook sends (SMS Gateway for Android™,
// github.com/capcom6/android-sms-gateway, Apache-2.0) and the text format senders type.
//
//   DEY <community code> <kind code> <what happened>      e.g.  DEY 101 EV bulldozers at the rice field
//
// The community code is the community's `intakeCode` (numbered from 101), the kind code two letters
// or a number from KIND_CODES (shared/intake.ts). Khmer senders may type the prefix as ដី ("land",
// pronounced dey) and the codes in Khmer digits (១០១).
import { z } from 'zod'

/** The longest description an SMS report may carry, in characters (about seven Latin SMS, fifteen Khmer ones). */
export const INTAKE_SMS_MAX_CHARS = 1000

/** The words an SMS report starts with, compared in capitals. */
export const SMS_PREFIXES = ['DEY', 'ដី'] as const

/** The example every help reply gives. */
export const SMS_EXAMPLE = { en: 'DEY 101 EV bulldozers at the rice field', km: 'DEY 101 EV ម៉ាស៊ីនឈូសចូលស្រែ' } as const

/**
 * One webhook delivery, as the gateway posts it (WebHookEventDTO): `id` is the delivery's own id
 * (new for every event and every registered webhook, kept across the gateway's retries), `event`
 * what happened. Deliveries of other events (sms:sent, system:ping…) are answered and ignored.
 */
export const SmsGatewayEvent = z.object({
  id: z.string().min(1).max(200),
  webhookId: z.string().max(200).optional(),
  deviceId: z.string().min(1).max(200),
  event: z.string().min(1).max(100),
  payload: z.record(z.string(), z.unknown()),
})
export type SmsGatewayEvent = z.infer<typeof SmsGatewayEvent>

/**
 * The payload of `sms:received` (SmsEventPayload.SmsReceived). `messageId` is a hash of the
 * message's text, sender, time and SIM: the same for every delivery of one SMS (retries, a second
 * webhook, an inbox re-export), though not unique on its own. `phoneNumber` is the sender (kept
 * by newer versions for compatibility, beside `sender`); `receivedAt` is in the phone's time zone.
 */
export const SmsReceivedPayload = z
  .object({
    messageId: z.string().min(1).max(200),
    /** The whole message, its parts joined. Longer than an SMS report may be is answered with a reply, not refused. */
    message: z.string().max(40_000),
    phoneNumber: z.string().min(1).max(100).optional(),
    sender: z.string().min(1).max(100).optional(),
    recipient: z.string().max(100).nullable().optional(),
    simNumber: z.number().int().min(0).max(100).nullable().optional(),
    receivedAt: z.iso.datetime({ offset: true }),
  })
  .refine((payload) => payload.sender !== undefined || payload.phoneNumber !== undefined, {
    path: ['phoneNumber'],
    message: 'the sender is missing (phoneNumber or sender)',
  })
export type SmsReceivedPayload = z.infer<typeof SmsReceivedPayload>

/** The secret part of the webhook's path (/api/intake/sms/<secret>). */
export const SmsWebhookParams = z.object({ secret: z.string().max(300) })

/**
 * What the gateway is answered (always 200 once the delivery is taken, so it does not retry):
 * `filed` a report (its receipt code was sent back by SMS), `help` a reply explaining the format
 * (nothing filed), `replayed` a delivery handled before, `ignored` another event, or a text that is
 * no report from a sender that is not a phone number (an operator's promotion: nobody to answer).
 */
export const SmsWebhookAnswer = z.object({
  outcome: z.enum(['filed', 'help', 'replayed', 'ignored']),
  receiptCode: z.string().optional(),
})
export type SmsWebhookAnswer = z.infer<typeof SmsWebhookAnswer>
