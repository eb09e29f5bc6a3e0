// What a letter template may use (LETTER_FIELDS: the one list the server checks templates against
// and serves to the admin page, with descriptions in both languages) and how numbers and dates
// are written in a letter's language. Server-side: its Khmer descriptions reach the client only
// through GET /api/document-templates/fields, not in the bundle.
import { KHMER_MONTHS } from './dates.ts'
import { type DOCUMENT_TEMPLATE_KINDS, type LanguageCode } from './vocabularies.ts'

// ---- What a template can use -------------------------------------------------------------------

export interface TextField {
  type: 'text'
  en: string
  km: string
  /** Only in templates of these kinds (parties' postal addresses: a power of attorney names them). */
  onlyIn?: readonly (typeof DOCUMENT_TEMPLATE_KINDS)[number][]
}
export interface ListField {
  type: 'list'
  en: string
  km: string
  item: Record<string, TextField>
}
export type LetterField = TextField | ListField

const text = (en: string, km: string, onlyIn?: TextField['onlyIn']): TextField => ({ type: 'text', en, km, ...(onlyIn && { onlyIn }) })
const list = (en: string, km: string, item: Record<string, TextField>): ListField => ({ type: 'list', en, km, item })

const numberField = text('Its number in the list: 1, 2, 3… (Khmer digits in a Khmer template)', 'លេខរៀងក្នុងបញ្ជី ១, ២, ៣…')

/**
 * A party: the name as written and in Khmer, never a phone or an e-mail. The postal address only
 * in a power of attorney, which names the principal's address; privileged notes never.
 */
const partyItem = {
  number: numberField,
  name: text('Name in the template’s language (the Khmer name in a Khmer template when recorded)', 'ឈ្មោះតាមភាសាគំរូ (ឈ្មោះខ្មែរ បើមាន)'),
  nameLatin: text('Name as written in Latin letters', 'ឈ្មោះជាអក្សរឡាតាំង'),
  nameKm: text('Name in Khmer (empty when not recorded)', 'ឈ្មោះជាភាសាខ្មែរ'),
  role: text('Role in the case, in the template’s language', 'តួនាទីក្នុងរឿងក្ដី'),
  address: text('Postal address (power of attorney only)', 'អាសយដ្ឋាន (សម្រាប់លិខិតប្រគល់សិទ្ធិប៉ុណ្ណោះ)', ['power_of_attorney']),
}

/** Parties grouped by role, as `parties.<group>`; the keys are the PARTY_ROLES in camelCase. */
export const PARTY_GROUPS = {
  client: 'clients',
  plaintiff: 'plaintiffs',
  defendant: 'defendants',
  witness: 'witnesses',
  official: 'officials',
  company_representative: 'companyRepresentatives',
  external_counsel: 'externalCounsel',
  other: 'others',
} as const

const partyGroupLabels: Record<(typeof PARTY_GROUPS)[keyof typeof PARTY_GROUPS], [string, string]> = {
  clients: ['Clients', 'កូនក្ដី'],
  plaintiffs: ['Plaintiffs', 'ដើមចោទ'],
  defendants: ['Defendants', 'ចុងចោទ'],
  witnesses: ['Witnesses', 'សាក្សី'],
  officials: ['Officials', 'មន្ត្រី'],
  companyRepresentatives: ['Company representatives', 'តំណាងក្រុមហ៊ុន'],
  externalCounsel: ['External counsel', 'មេធាវីខាងក្រៅ'],
  others: ['Other parties', 'ភាគីផ្សេងៗ'],
}

/**
 * Every placeholder a template may use, by its Mustache name. Text fields are written
 * `{{case.reference}}` (always HTML-escaped; `{{{…}}}` is refused); lists are loops
 * `{{#communities}}…{{name}}…{{/communities}}`, and `{{^parcels}}…{{/parcels}}` shows text when a
 * list is empty. A text field used as a section (`{{#case.forum}}…{{/case.forum}}`) shows its
 * content only when the field is not empty. Numbers and dates come formatted for the template's
 * language: Khmer digits and month names in a Khmer template.
 */
export const LETTER_FIELDS: Record<string, LetterField> = {
  'case.reference': text('Case reference, e.g. CASE-2026-0007', 'លេខយោងរឿងក្ដី'),
  'case.title': text('Case title in the template’s language (the Khmer title in a Khmer template when recorded)', 'ចំណងជើងរឿងក្ដីតាមភាសាគំរូ'),
  'case.titleEn': text('Case title as written (English)', 'ចំណងជើងរឿងក្ដីជាភាសាអង់គ្លេស'),
  'case.titleKm': text('Case title in Khmer (empty when not recorded)', 'ចំណងជើងរឿងក្ដីជាភាសាខ្មែរ'),
  'case.kind': text('Kind of case, in the template’s language', 'ប្រភេទរឿងក្ដី'),
  'case.forum': text('Forum (court or body) as recorded', 'តុលាការ ឬស្ថាប័ន'),
  'case.province': text(
    'Province of the case; in a Khmer template its full Khmer name with ខេត្ត or រាជធានី',
    'ខេត្ត/រាជធានីនៃរឿងក្ដី (មានពាក្យ ខេត្ត ឬ រាជធានី ស្រាប់)',
  ),
  'case.openedOn': text('Date the case was opened', 'កាលបរិច្ឆេទបើករឿងក្ដី'),
  leadLawyer: text('Lead lawyer’s name (the case team’s lead, else the lead lawyer recorded on the case)', 'ឈ្មោះមេធាវីទទួលបន្ទុក'),
  today: text('Today’s date (Phnom Penh), e.g. “6 December 2026” or “ថ្ងៃទី៦ ខែធ្នូ ឆ្នាំ២០២៦”', 'កាលបរិច្ឆេទថ្ងៃនេះ'),
  'parties.all': list('Every party of the case, with its role', 'ភាគីទាំងអស់', partyItem),
  ...Object.fromEntries(
    Object.values(PARTY_GROUPS).map((group) => {
      const [en, km] = partyGroupLabels[group]
      return [`parties.${group}`, list(en, km, partyItem)]
    }),
  ),
  communities: list('Communities of the case', 'សហគមន៍', {
    number: numberField,
    name: text('Name in the template’s language', 'ឈ្មោះតាមភាសាគំរូ'),
    nameLatin: text('Name as written in Latin letters', 'ឈ្មោះជាអក្សរឡាតាំង'),
    nameKm: text('Name in Khmer', 'ឈ្មោះជាភាសាខ្មែរ'),
    village: text('Village', 'ភូមិ'),
    commune: text('Commune as recorded', 'ឃុំ/សង្កាត់'),
    district: text('District as recorded', 'ស្រុក/ខណ្ឌ'),
    province: text('Province; in a Khmer template its full Khmer name with ខេត្ត or រាជធានី', 'ខេត្ត/រាជធានី (មានពាក្យ ខេត្ត ឬ រាជធានី ស្រាប់)'),
  }),
  parcels: list('Parcels of the case', 'ក្បាលដី', {
    number: numberField,
    label: text('Parcel label', 'ស្លាកក្បាលដី'),
    holder: text('Holder’s name as recorded', 'ឈ្មោះអ្នកកាន់កាប់'),
    areaHa: text('Area in hectares, two decimals (computed from the mapped boundary)', 'ផ្ទៃដីគិតជាហិកតា'),
  }),
  parcelsAreaHa: text('Total area of the case’s parcels in hectares', 'ផ្ទៃដីសរុបនៃក្បាលដីគិតជាហិកតា'),
  concessions: list('Concessions touching the case’s parcels or communities’ land', 'ដីសម្បទានដែលប៉ះពាល់ដីក្នុងរឿងក្ដី', {
    number: numberField,
    name: text('Name in the template’s language', 'ឈ្មោះតាមភាសាគំរូ'),
    nameLatin: text('Name as written in Latin letters', 'ឈ្មោះជាអក្សរឡាតាំង'),
    nameKm: text('Name in Khmer', 'ឈ្មោះជាភាសាខ្មែរ'),
    company: text('Company', 'ក្រុមហ៊ុន'),
    kind: text('Kind of concession, in the template’s language', 'ប្រភេទដីសម្បទាន'),
    areaHa: text('Mapped area in hectares', 'ផ្ទៃដីគិតជាហិកតា'),
  }),
}

/** One line per placeholder, for the API's description. */
export function describeLetterFields(): string {
  return Object.entries(LETTER_FIELDS)
    .map(([name, field]) =>
      field.type === 'text'
        ? `{{${name}}}: ${field.en}${field.onlyIn ? ` (only in: ${field.onlyIn.join(', ')})` : ''}`
        : `{{#${name}}}…{{/${name}}}: ${field.en}; inside: ${Object.keys(field.item).join(', ')}`,
    )
    .join('; ')
}

// ---- Numbers and dates in a letter's language -------------------------------------------------

const KHMER_ZERO = 0x17e0

/** 0–9 → ០–៩; anything else as it is. */
export const toKhmerDigits = (value: string) => value.replace(/[0-9]/g, (digit) => String.fromCharCode(KHMER_ZERO + Number(digit)))

const twoDecimals = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })

/**
 * A decimal with two places: "1,234.50" in English; in Khmer CLDR's separators and Khmer digits,
 * "១.២៣៤,៥០" (written out by hand: ICU's Khmer data is not everywhere).
 */
export function formatDecimal(value: number, language: LanguageCode): string {
  const english = twoDecimals.format(value)
  if (language === 'en') return english
  return toKhmerDigits(english.replace(/[,.]/g, (mark) => (mark === ',' ? '.' : ',')))
}

export const formatCount = (value: number, language: LanguageCode) => (language === 'km' ? toKhmerDigits(String(value)) : String(value))

const ENGLISH_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]

/** A calendar day as a letter writes it: "6 December 2026", or "ថ្ងៃទី៦ ខែធ្នូ ឆ្នាំ២០២៦". */
export function formatLetterDate(day: { year: number; month: number; day: number }, language: LanguageCode): string {
  if (language === 'en') return `${day.day} ${ENGLISH_MONTHS[day.month - 1]} ${day.year}`
  return `ថ្ងៃទី${toKhmerDigits(String(day.day))} ខែ${KHMER_MONTHS[day.month - 1]} ឆ្នាំ${toKhmerDigits(String(day.year))}`
}
