import { bilingual } from '../../../shared/i18n.ts'

export const notificationsMessages = bilingual(
  {
    bell: {
      label: 'Notifications',
      unreadCount: 'Notifications: {{count}} unread',
    },
    page: {
      title: 'Notifications',
      unreadOnly: 'Unread only',
      all: 'All',
      markAllRead: 'Mark all as read',
      empty:
        'Nothing to tell you yet. Reminders of your hearings and deadlines, tasks given to you and news of the communities you follow appear here.',
      emptyUnread: 'No unread notifications.',
      more: 'Show older',
      unread: 'Unread',
      settings: 'Choose what you are told, and how',
    },
    preferences: {
      title: 'Notifications and e-mail',
      intro: 'Choose what you are told in Dey and by e-mail.',
      kind: 'What',
      inApp: 'In Dey',
      email: 'By e-mail',
      delivery: 'E-mail',
      digestHour: 'Send the digest at (Phnom Penh time)',
      language: 'Language of e-mails',
      save: 'Save',
      saving: 'Saving…',
      saved: 'Saved.',
      emailOff: 'This server sends no e-mail (no mail server is set up): notifications are shown in Dey only.',
    },
    follow: {
      follow: 'Follow',
      following: 'Following',
      unfollow: 'Stop following',
      hint: 'Followers are told of every new incident reported in this community.',
    },
  },
  {
    bell: {
      label: 'ការជូនដំណឹង',
      unreadCount: 'ការជូនដំណឹង៖ មិនទាន់អាន {{count}}',
    },
    page: {
      title: 'ការជូនដំណឹង',
      unreadOnly: 'តែមិនទាន់អាន',
      all: 'ទាំងអស់',
      markAllRead: 'សម្គាល់ថាបានអានទាំងអស់',
      empty: 'មិនទាន់មានអ្វីជូនដំណឹងនៅឡើយទេ។ ការរំលឹកសវនាការ និងថ្ងៃផុតកំណត់ ការងារដែលប្រគល់ឱ្យអ្នក និងព័ត៌មានពីសហគមន៍ដែលអ្នកតាមដាន នឹងបង្ហាញនៅទីនេះ។',
      emptyUnread: 'គ្មានការជូនដំណឹងមិនទាន់អានទេ។',
      more: 'បង្ហាញចាស់ជាងនេះ',
      unread: 'មិនទាន់អាន',
      settings: 'ជ្រើសរើសអ្វីដែលត្រូវជូនដំណឹង និងរបៀប',
    },
    preferences: {
      title: 'ការជូនដំណឹង និងអ៊ីមែល',
      intro: 'ជ្រើសរើសអ្វីដែលអ្នកចង់ទទួលដំណឹងក្នុង Dey និងតាមអ៊ីមែល។',
      kind: 'អ្វី',
      inApp: 'ក្នុង Dey',
      email: 'តាមអ៊ីមែល',
      delivery: 'អ៊ីមែល',
      digestHour: 'ផ្ញើសេចក្ដីសង្ខេបនៅម៉ោង (ម៉ោងភ្នំពេញ)',
      language: 'ភាសានៃអ៊ីមែល',
      save: 'រក្សាទុក',
      saving: 'កំពុងរក្សាទុក…',
      saved: 'បានរក្សាទុក។',
      emailOff: 'ម៉ាស៊ីនមេនេះមិនផ្ញើអ៊ីមែលទេ (មិនទាន់កំណត់ម៉ាស៊ីនមេសំបុត្រ)៖ ការជូនដំណឹងបង្ហាញតែក្នុង Dey ប៉ុណ្ណោះ។',
    },
    follow: {
      follow: 'តាមដាន',
      following: 'កំពុងតាមដាន',
      unfollow: 'ឈប់តាមដាន',
      hint: 'អ្នកតាមដាននឹងទទួលដំណឹងពីហេតុការណ៍ថ្មីនីមួយៗដែលបានរាយការណ៍នៅសហគមន៍នេះ។',
    },
  },
)
