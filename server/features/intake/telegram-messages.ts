// What the Telegram bot says, in English and Khmer. `{name}` marks a value filled in by
// fillTelegramText. Kind labels come from the shared vocabulary (shared/vocabulary-labels.ts), so
// the bot names kinds exactly as the app does.
import { bilingual } from '../../../shared/i18n.ts'
import { vocabMessages } from '../../../shared/vocabulary-labels.ts'
import type { IncidentKind, LanguageCode } from '../../../shared/vocabularies.ts'

/** Before a language is chosen the bot speaks both, Khmer first. */
export const TELEGRAM_WELCOME =
  'សួស្ដី! នេះជាបូតរបស់ Dey សម្រាប់រាយការណ៍អំពីបញ្ហាដីធ្លី។ មានតែបុគ្គលិកផ្នែកច្បាប់ប៉ុណ្ណោះដែលអាចមើលឃើញរបាយការណ៍របស់អ្នក។\n' +
  "Hello! This is Dey's bot for reporting land rights incidents. Only the legal staff will see your report.\n\n" +
  'សូមជ្រើសរើសភាសា / Choose your language:'

/** The language buttons, each in its own language. */
export const TELEGRAM_LANGUAGE_LABELS: Record<LanguageCode, string> = { km: 'ខ្មែរ', en: 'English' }

/** Group chats: a report names people; it is taken one to one, never in front of a group. */
export const TELEGRAM_GROUP_REFUSAL =
  'របាយការណ៍ត្រូវបានទទួលតែក្នុងការជជែកផ្ទាល់ជាមួយបូតនេះប៉ុណ្ណោះ។ សូមបើកការជជែកផ្ទាល់ដើម្បីរាយការណ៍។\n' +
  'Reports are taken in a private chat with this bot only. Please open a private chat with it to report.'

export const telegramMessages = bilingual(
  {
    languageChosen: '✓ English',
    chooseKind: 'What happened? Choose the kind of incident:',
    kindChosen: '✓ {kind}',
    askDescription: 'Describe what happened in one message: where, when, who was involved, and what was damaged or taken.',
    expectDescription: 'Please describe what happened in words, in a text message.',
    askLocation: 'Where did it happen? Send a location (📎 → Location) and move the pin to the place, or press Skip.',
    expectLocation: 'Please send a location (📎 → Location), or press Skip.',
    locationSkipped: '✓ No location',
    askPhotos: 'You can now send up to {max} photos. When you are done, press Send.',
    photoReceived: 'Photo {count} of {max} received. Send another one, or press Send.',
    tooManyPhotos: 'A report can carry {max} photos, and this one has them all. Press Send to send your report.',
    photoDownloadFailed: 'Sorry, that photo could not be received. Please send it again.',
    photoTooLarge: 'That photo is too large: a photo can be at most {maxMb} MB. Please send a smaller one.',
    notAPhoto: 'Only photos can be sent with a report (no documents, videos or voice messages). Send a photo, or press Send.',
    expectPhotos: 'Send a photo, or press Send to send your report.',
    chooseWithButtons: 'Please choose with the buttons.',
    buttonInactive: 'This button is no longer active.',
    skip: 'Skip',
    send: 'Send',
    cancel: 'Cancel',
    sent: '✓ Sent',
    received:
      'Thank you. Your report has been received.\n\nReceipt code: {code}\n\nKeep this code and quote it if you contact us about this report. Send /start to make another report.',
    cancelled: 'Your report was cancelled and nothing of it was kept. Send /start to begin again.',
  },
  {
    languageChosen: '✓ ខ្មែរ',
    chooseKind: 'តើមានអ្វីកើតឡើង? សូមជ្រើសរើសប្រភេទឧប្បត្តិហេតុ៖',
    kindChosen: '✓ {kind}',
    askDescription: 'សូមរៀបរាប់អំពីអ្វីដែលបានកើតឡើងក្នុងសារតែមួយ៖ នៅឯណា ពេលណា អ្នកណាខ្លះពាក់ព័ន្ធ និងអ្វីដែលត្រូវបានបំផ្លាញ ឬដកហូត។',
    expectDescription: 'សូមរៀបរាប់អំពីអ្វីដែលបានកើតឡើងជាពាក្យ ក្នុងសារជាអក្សរ។',
    askLocation: 'តើវាបានកើតឡើងនៅឯណា? សូមផ្ញើទីតាំង (📎 → ទីតាំង) ហើយរំកិលម្ជុលទៅកន្លែងនោះ ឬចុច «រំលង»។',
    expectLocation: 'សូមផ្ញើទីតាំង (📎 → ទីតាំង) ឬចុច «រំលង»។',
    locationSkipped: '✓ គ្មានទីតាំង',
    askPhotos: 'ឥឡូវនេះ អ្នកអាចផ្ញើរូបថតបានរហូតដល់ {max} សន្លឹក។ ពេលរួចរាល់ សូមចុច «ផ្ញើ»។',
    photoReceived: 'បានទទួលរូបថតទី {count} ក្នុងចំណោម {max}។ ផ្ញើរូបមួយទៀត ឬចុច «ផ្ញើ»។',
    tooManyPhotos: 'របាយការណ៍មួយអាចមានរូបថតបាន {max} សន្លឹក ហើយរបាយការណ៍នេះមានគ្រប់ហើយ។ សូមចុច «ផ្ញើ» ដើម្បីផ្ញើរបាយការណ៍របស់អ្នក។',
    photoDownloadFailed: 'សូមអភ័យទោស យើងមិនអាចទទួលរូបថតនោះបានទេ។ សូមផ្ញើវាម្ដងទៀត។',
    photoTooLarge: 'រូបថតនោះធំពេក៖ រូបថតមួយអាចមានទំហំយ៉ាងច្រើន {maxMb} MB។ សូមផ្ញើរូបដែលតូចជាងនេះ។',
    notAPhoto: 'អាចផ្ញើបានតែរូបថតជាមួយរបាយការណ៍ប៉ុណ្ណោះ (មិនមែនឯកសារ វីដេអូ ឬសារជាសំឡេងទេ)។ សូមផ្ញើរូបថត ឬចុច «ផ្ញើ»។',
    expectPhotos: 'សូមផ្ញើរូបថត ឬចុច «ផ្ញើ» ដើម្បីផ្ញើរបាយការណ៍របស់អ្នក។',
    chooseWithButtons: 'សូមជ្រើសរើសដោយប្រើប៊ូតុង។',
    buttonInactive: 'ប៊ូតុងនេះលែងដំណើរការហើយ។',
    skip: 'រំលង',
    send: 'ផ្ញើ',
    cancel: 'បោះបង់',
    sent: '✓ បានផ្ញើ',
    received:
      'សូមអរគុណ។ យើងបានទទួលរបាយការណ៍របស់អ្នកហើយ។\n\nលេខកូដបង្កាន់ដៃ៖ {code}\n\nសូមរក្សាលេខកូដនេះទុក ហើយប្រាប់លេខកូដនេះ ពេលអ្នកទាក់ទងមកយើងអំពីរបាយការណ៍នេះ។ ផ្ញើ /start ដើម្បីរាយការណ៍ម្ដងទៀត។',
    cancelled: 'របាយការណ៍របស់អ្នកត្រូវបានបោះបង់ ហើយគ្មានអ្វីមួយត្រូវបានរក្សាទុកទេ។ ផ្ញើ /start ដើម្បីចាប់ផ្ដើមម្ដងទៀត។',
  },
)

export type TelegramMessageKey = keyof (typeof telegramMessages)['en']

/** A message in the chat's language, with its `{name}` values filled in. */
export function telegramText(language: LanguageCode, key: TelegramMessageKey, values: Record<string, string | number> = {}): string {
  return telegramMessages[language][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole))
}

/** A kind's label as the app shows it. */
export function telegramKindLabel(language: LanguageCode, kind: IncidentKind): string {
  return vocabMessages[language].incidentKind[kind]
}
