// The conflict check's strings (registered under cases.conflicts in messages.ts), in English and Khmer.
import { bilingual } from '../../../shared/i18n.ts'

export const caseConflictMessages = bilingual(
  {
    title: 'Possible conflicts of interest',
    checking: 'Looking for this name in other cases…',
    none: 'No other case names this person.',
    intro: 'This name, or a similar one, appears in other cases. Check before adding the person:',
    samePerson: 'same person',
    similar: 'similar name ({{percent}})',
    inIncident: 'in a linked incident',
  },
  {
    title: 'ទំនាស់ផលប្រយោជន៍ដែលអាចមាន',
    checking: 'កំពុងស្វែងរកឈ្មោះនេះក្នុងសំណុំរឿងផ្សេងទៀត…',
    none: 'គ្មានសំណុំរឿងផ្សេងទៀតដែលមានឈ្មោះបុគ្គលនេះទេ។',
    intro: 'ឈ្មោះនេះ ឬឈ្មោះស្រដៀងគ្នា មាននៅក្នុងសំណុំរឿងផ្សេងទៀត។ សូមពិនិត្យមុនពេលបន្ថែមបុគ្គលនេះ៖',
    samePerson: 'បុគ្គលដដែល',
    similar: 'ឈ្មោះស្រដៀងគ្នា ({{percent}})',
    inIncident: 'ក្នុងឧប្បត្តិហេតុដែលបានភ្ជាប់',
  },
)
