// What Dey answers an SMS with, in English and Khmer: a receipt, or how to write a report. Short,
// because every 160 Latin (70 Khmer) characters is another SMS the sender's phone must show.
// `{name}` marks a value filled in by smsText; kind names come from the shared vocabulary.
import { INTAKE_SMS_MAX_CHARS, SMS_EXAMPLE } from '../../../shared/intake-sms.ts'
import { KIND_CODES } from '../../../shared/intake.ts'
import { bilingual } from '../../../shared/i18n.ts'
import { vocabMessages } from '../../../shared/vocabulary-labels.ts'
import { INCIDENT_KINDS, type LanguageCode } from '../../../shared/vocabularies.ts'

export const smsMessages = bilingual(
  {
    received: 'Dey: we received your report. Receipt code: {code}. Keep it, and quote it if you ask us about this report.',
    format: 'Dey: to report, send DEY, your community code, the kind code and what happened. Example: {example}',
    unknownCommunity: 'Dey: community code {code} is not known. Ask your community representative for the code. Example: {example}',
    unknownKind: 'Dey: kind code {code} is not known. Use one of these codes (or its number): {kinds}. Example: {example}',
    emptyText: 'Dey: say what happened after the kind code. Example: {example}',
    tooLong: 'Dey: your report is too long ({length} characters; at most {max}). Please send a shorter one.',
  },
  {
    received: 'Dey: យើងបានទទួលរបាយការណ៍របស់អ្នកហើយ។ លេខកូដបង្កាន់ដៃ៖ {code}។ សូមរក្សាទុកលេខនេះ ហើយប្រាប់វាមកយើង ពេលសួរអំពីរបាយការណ៍នេះ។',
    format: 'Dey: ដើម្បីរាយការណ៍ សូមផ្ញើ DEY លេខកូដសហគមន៍ លេខកូដប្រភេទ និងអ្វីដែលបានកើតឡើង។ ឧទាហរណ៍៖ {example}',
    unknownCommunity: 'Dey: មិនស្គាល់លេខកូដសហគមន៍ {code} ទេ។ សូមសួរតំណាងសហគមន៍របស់អ្នកអំពីលេខកូដនេះ។ ឧទាហរណ៍៖ {example}',
    unknownKind: 'Dey: មិនស្គាល់លេខកូដប្រភេទ {code} ទេ។ សូមប្រើលេខកូដមួយក្នុងចំណោមលេខកូដទាំងនេះ (ឬលេខរៀងរបស់វា)៖ {kinds}។ ឧទាហរណ៍៖ {example}',
    emptyText: 'Dey: សូមសរសេរអ្វីដែលបានកើតឡើង បន្ទាប់ពីលេខកូដប្រភេទ។ ឧទាហរណ៍៖ {example}',
    tooLong: 'Dey: របាយការណ៍របស់អ្នកវែងពេក ({length} តួអក្សរ អតិបរមា {max})។ សូមផ្ញើរបាយការណ៍ដែលខ្លីជាងនេះ។',
  },
)

export type SmsMessage = keyof typeof smsMessages.en

/** A reply in the sender's language, its `{values}` filled in (the example and the limit always are). */
export function smsText(language: LanguageCode, message: SmsMessage, values: Record<string, string | number> = {}): string {
  const all: Record<string, string | number> = {
    example: SMS_EXAMPLE[language],
    max: INTAKE_SMS_MAX_CHARS,
    kinds: kindList(language),
    ...values,
  }
  return smsMessages[language][message].replace(/\{(\w+)\}/g, (whole, name: string) => String(all[name] ?? whole))
}

/** "1 EV Forced eviction, 2 ET Eviction threat, …": the card senders copy from. */
function kindList(language: LanguageCode): string {
  return INCIDENT_KINDS.map((kind, index) => `${index + 1} ${KIND_CODES[kind]} ${vocabMessages[language].incidentKind[kind]}`).join(', ')
}
