import { bilingual } from '../../../shared/i18n.ts'

export const triageMessages = bilingual(
  {
    title: 'Triage',
    intro: 'New threat reports, newest first. Verify each one, dismiss it with a reason, or open a legal case from it.',
    queueLabel: 'Which reports',
    queue: {
      reported: 'New reports',
      dismissed: 'Dismissed',
    },
    outcome: {
      verified: 'Verified: {{title}}.',
      dismissed: 'Dismissed: {{title}}.',
      reopened: 'Back in the queue: {{title}}.',
    },
    openReport: 'Open the report',
    emptyQueue: 'No new reports are waiting. Well done.',
    emptyDismissed: 'No dismissed reports.',
    severity: 'Severity: {{severity}}',
    field: {
      reported: 'Reported',
      occurred: 'Happened',
      place: 'Place',
      perpetrator: 'Done by',
    },
    people: '{{number}} people',
    mapLabel: 'Where it happened: {{title}}',
    photos: 'Photos sent with the report',
    otherFiles: '{{number}} other files',
    action: {
      verify: 'Verify',
      openCase: 'Open a legal case',
      dismiss: 'Dismiss',
      reopen: 'Back to the queue',
    },
    dismissedBecause: 'Dismissed because: {{reason}}',
    dismiss: {
      reason: 'Why is this report dismissed?',
      hint: 'The reason is kept with the report.',
      submit: 'Dismiss the report',
    },
    openCase: {
      explain: 'The new case takes in this report, its community and the people named in it. The report is verified at the same time.',
      caseTitle: 'Title of the case',
      submit: 'Open the case',
    },
  },
  {
    title: 'ការត្រួតពិនិត្យរបាយការណ៍',
    intro: 'របាយការណ៍ការគំរាមកំហែងថ្មីៗ ដោយថ្មីបំផុតនៅខាងលើ។ សូមផ្ទៀងផ្ទាត់របាយការណ៍នីមួយៗ ច្រានចោលដោយបញ្ជាក់មូលហេតុ ឬបើកសំណុំរឿងច្បាប់ពីរបាយការណ៍នោះ។',
    queueLabel: 'របាយការណ៍ណាខ្លះ',
    queue: {
      reported: 'របាយការណ៍ថ្មី',
      dismissed: 'បានច្រានចោល',
    },
    outcome: {
      verified: 'បានផ្ទៀងផ្ទាត់៖ {{title}}។',
      dismissed: 'បានច្រានចោល៖ {{title}}។',
      reopened: 'បានដាក់ត្រឡប់ក្នុងបញ្ជីវិញ៖ {{title}}។',
    },
    openReport: 'បើករបាយការណ៍',
    emptyQueue: 'មិនមានរបាយការណ៍ថ្មីកំពុងរង់ចាំទេ។ ល្អណាស់។',
    emptyDismissed: 'មិនមានរបាយការណ៍ដែលបានច្រានចោលទេ។',
    severity: 'កម្រិតធ្ងន់ធ្ងរ៖ {{severity}}',
    field: {
      reported: 'ពេលរាយការណ៍',
      occurred: 'ពេលកើតហេតុ',
      place: 'ទីកន្លែង',
      perpetrator: 'អ្នកប្រព្រឹត្ត',
    },
    people: '{{number}} នាក់',
    mapLabel: 'ទីកន្លែងកើតហេតុ៖ {{title}}',
    photos: 'រូបថតដែលផ្ញើមកជាមួយរបាយការណ៍',
    otherFiles: 'ឯកសារផ្សេងទៀត {{number}}',
    action: {
      verify: 'ផ្ទៀងផ្ទាត់',
      openCase: 'បើកសំណុំរឿងច្បាប់',
      dismiss: 'ច្រានចោល',
      reopen: 'ដាក់ត្រឡប់ក្នុងបញ្ជីវិញ',
    },
    dismissedBecause: 'បានច្រានចោលដោយសារ៖ {{reason}}',
    dismiss: {
      reason: 'ហេតុអ្វីបានជាច្រានចោលរបាយការណ៍នេះ?',
      hint: 'មូលហេតុនឹងត្រូវរក្សាទុកជាមួយរបាយការណ៍។',
      submit: 'ច្រានចោលរបាយការណ៍',
    },
    openCase: {
      explain: 'សំណុំរឿងថ្មីនឹងរួមបញ្ចូលរបាយការណ៍នេះ សហគមន៍របស់វា និងបុគ្គលដែលមានឈ្មោះក្នុងរបាយការណ៍។ របាយការណ៍នឹងត្រូវបានផ្ទៀងផ្ទាត់ក្នុងពេលតែមួយ។',
      caseTitle: 'ចំណងជើងសំណុំរឿង',
      submit: 'បើកសំណុំរឿង',
    },
  },
)
