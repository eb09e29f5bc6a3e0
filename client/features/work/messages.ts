import { bilingual } from '../../../shared/i18n.ts'

export const workMessages = bilingual(
  {
    nav: 'My work',
    title: 'My work',
    today: 'Today is {{day}} (Cambodia time).',
    overdue: {
      title: 'Overdue ({{number}})',
      hint: 'Past their day and not done. Open the case to act, or mark the task done.',
    },
    week: {
      title: 'Today and this week',
      empty: 'Nothing falls due this week.',
    },
    tasks: {
      title: 'My other open tasks',
      empty: 'No other open tasks.',
      noDueDay: 'No due date',
      due: 'Due {{day}}',
      markDone: 'Mark done',
      doneFailed: 'Could not mark it done. Reload and try again.',
    },
    events: {
      title: 'Hearings and deadlines later in the next 14 days',
      empty: 'No other hearings or deadlines in the next 14 days.',
    },
    cases: {
      title: 'My cases ({{number}})',
      empty: 'You are not on the team of any case yet.',
    },
    allClear: 'Nothing overdue. Good work.',
    caseOf: 'Case {{reference}}',
  },
  {
    nav: 'ការងាររបស់ខ្ញុំ',
    title: 'ការងាររបស់ខ្ញុំ',
    today: 'ថ្ងៃនេះគឺ {{day}} (ម៉ោងកម្ពុជា)។',
    overdue: {
      title: 'ហួសកំណត់ ({{number}})',
      hint: 'ហួសថ្ងៃកំណត់ ហើយមិនទាន់រួចរាល់។ បើកសំណុំរឿងដើម្បីធ្វើសកម្មភាព ឬសម្គាល់ការងារថារួចរាល់។',
    },
    week: {
      title: 'ថ្ងៃនេះ និងសប្ដាហ៍នេះ',
      empty: 'គ្មានអ្វីដល់កំណត់ក្នុងសប្ដាហ៍នេះទេ។',
    },
    tasks: {
      title: 'ការងារផ្សេងទៀតដែលមិនទាន់បញ្ចប់',
      empty: 'គ្មានការងារផ្សេងទៀតដែលមិនទាន់បញ្ចប់ទេ។',
      noDueDay: 'គ្មានថ្ងៃកំណត់',
      due: 'កំណត់ត្រឹម {{day}}',
      markDone: 'សម្គាល់ថារួចរាល់',
      doneFailed: 'មិនអាចសម្គាល់ថារួចរាល់បានទេ។ សូមផ្ទុកឡើងវិញ ហើយព្យាយាមម្ដងទៀត។',
    },
    events: {
      title: 'សវនាការ និងថ្ងៃផុតកំណត់ផ្សេងទៀតក្នុងរយៈពេល ១៤ ថ្ងៃខាងមុខ',
      empty: 'គ្មានសវនាការ ឬថ្ងៃផុតកំណត់ផ្សេងទៀតក្នុងរយៈពេល ១៤ ថ្ងៃខាងមុខទេ។',
    },
    cases: {
      title: 'សំណុំរឿងរបស់ខ្ញុំ ({{number}})',
      empty: 'អ្នកមិនទាន់ស្ថិតក្នុងក្រុមការងារនៃសំណុំរឿងណាមួយនៅឡើយទេ។',
    },
    allClear: 'គ្មានអ្វីហួសកំណត់ទេ។ ល្អណាស់។',
    caseOf: 'សំណុំរឿង {{reference}}',
  },
)
