import { bilingual } from '../../../shared/i18n.ts'

export const calendarMessages = bilingual(
  {
    title: 'Calendar',
    intro: 'Hearings and deadlines of open cases, in Cambodia time.',
    view: {
      label: 'Show',
      upcoming: 'Coming up',
      week: 'Week',
      month: 'Month',
      upcomingRange: 'The next {{days}} days',
    },
    nav: {
      today: 'Today',
      previous: { week: 'Previous week', month: 'Previous month' },
      next: { week: 'Next week', month: 'Next month' },
    },
    mine: 'Only my cases',
    mineHint: 'The cases I lead or work on',
    overdue: {
      title: 'Overdue deadlines ({{number}})',
      hint: 'These deadlines have passed and are not marked done. Open the case to act or mark them done.',
    },
    empty: 'No hearings or deadlines in this period.',
    subscribe: {
      title: 'Subscribe',
      body: 'Add these hearings and deadlines to the calendar app on your phone or computer: make your private calendar link on My account, and it keeps itself up to date.',
      inApp: 'Subscribe in your calendar app',
      download: 'Download the calendar (ICS)',
      sessionNote: 'The download is a copy of today’s calendar, for importing once; it does not update.',
    },
  },
  {
    title: 'ប្រតិទិន',
    intro: 'សវនាការ និងថ្ងៃផុតកំណត់នៃសំណុំរឿងដែលកំពុងដំណើរការ តាមម៉ោងកម្ពុជា។',
    view: {
      label: 'បង្ហាញ',
      upcoming: 'ខាងមុខនេះ',
      week: 'សប្ដាហ៍',
      month: 'ខែ',
      upcomingRange: '{{days}} ថ្ងៃខាងមុខ',
    },
    nav: {
      today: 'ថ្ងៃនេះ',
      previous: { week: 'សប្ដាហ៍មុន', month: 'ខែមុន' },
      next: { week: 'សប្ដាហ៍ក្រោយ', month: 'ខែក្រោយ' },
    },
    mine: 'តែសំណុំរឿងរបស់ខ្ញុំ',
    mineHint: 'សំណុំរឿងដែលខ្ញុំជាមេធាវីទទួលបន្ទុក ឬជាសមាជិកក្រុម',
    overdue: {
      title: 'ថ្ងៃផុតកំណត់ដែលហួសពេល ({{number}})',
      hint: 'ថ្ងៃផុតកំណត់ទាំងនេះបានកន្លងផុត ហើយមិនទាន់សម្គាល់ថាបានធ្វើរួច។ សូមបើកសំណុំរឿងដើម្បីចាត់វិធានការ ឬសម្គាល់ថាបានធ្វើរួច។',
    },
    empty: 'មិនមានសវនាការ ឬថ្ងៃផុតកំណត់ក្នុងរយៈពេលនេះទេ។',
    subscribe: {
      title: 'ភ្ជាប់ទៅប្រតិទិនរបស់អ្នក',
      body: 'បន្ថែមសវនាការ និងថ្ងៃផុតកំណត់ទាំងនេះទៅក្នុងកម្មវិធីប្រតិទិនលើទូរសព្ទ ឬកុំព្យូទ័ររបស់អ្នក៖ សូមបង្កើតតំណប្រតិទិនឯកជនរបស់អ្នកនៅក្នុង “គណនីរបស់ខ្ញុំ” ហើយវានឹងធ្វើបច្ចុប្បន្នភាពដោយខ្លួនឯង។',
      inApp: 'ជាវក្នុងកម្មវិធីប្រតិទិនរបស់អ្នក',
      download: 'ទាញយកប្រតិទិន (ICS)',
      sessionNote: 'ឯកសារទាញយកគឺជាច្បាប់ចម្លងនៃប្រតិទិនថ្ងៃនេះ សម្រាប់នាំចូលតែម្ដង វាមិនធ្វើបច្ចុប្បន្នភាពទេ។',
    },
  },
)
