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
    lawyer: 'Lead lawyer',
    overdue: {
      title: 'Overdue deadlines ({{number}})',
      hint: 'These deadlines have passed and are not marked done. Open the case to act or mark them done.',
    },
    empty: 'No hearings or deadlines in this period.',
    subscribe: {
      title: 'Subscribe',
      body: 'Add these hearings and deadlines to your own calendar with the iCalendar (ICS) file.',
      download: 'Download the calendar (ICS)',
      sessionNote:
        'For now the feed works only from a browser where you are signed in to Dey: calendar apps cannot subscribe to it directly yet. Download the file and import it, and download it again for updates.',
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
    lawyer: 'មេធាវីទទួលបន្ទុក',
    overdue: {
      title: 'ថ្ងៃផុតកំណត់ដែលហួសពេល ({{number}})',
      hint: 'ថ្ងៃផុតកំណត់ទាំងនេះបានកន្លងផុត ហើយមិនទាន់សម្គាល់ថាបានធ្វើរួច។ សូមបើកសំណុំរឿងដើម្បីចាត់វិធានការ ឬសម្គាល់ថាបានធ្វើរួច។',
    },
    empty: 'មិនមានសវនាការ ឬថ្ងៃផុតកំណត់ក្នុងរយៈពេលនេះទេ។',
    subscribe: {
      title: 'ភ្ជាប់ទៅប្រតិទិនរបស់អ្នក',
      body: 'បន្ថែមសវនាការ និងថ្ងៃផុតកំណត់ទាំងនេះទៅក្នុងប្រតិទិនផ្ទាល់ខ្លួនរបស់អ្នក ដោយប្រើឯកសារ iCalendar (ICS)។',
      download: 'ទាញយកប្រតិទិន (ICS)',
      sessionNote:
        'បច្ចុប្បន្ននេះ ឯកសារនេះដំណើរការតែពីកម្មវិធីរុករកដែលអ្នកបានចូលក្នុងប្រព័ន្ធ ដី ប៉ុណ្ណោះ៖ កម្មវិធីប្រតិទិនមិនទាន់អាចភ្ជាប់ដោយផ្ទាល់បាននៅឡើយទេ។ សូមទាញយកឯកសារ ហើយនាំចូលទៅក្នុងប្រតិទិន និងទាញយកម្ដងទៀតនៅពេលមានការផ្លាស់ប្ដូរ។',
    },
  },
)
