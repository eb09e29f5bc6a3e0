import { bilingual } from '../../lib/messages.ts'

export const authMessages = bilingual(
  {
    signIn: {
      title: 'Sign in',
      login: 'E-mail or username',
      password: 'Password',
      submit: 'Sign in',
      working: 'Signing in…',
      failed: 'The e-mail/username or password is wrong.',
      locked: 'Too many failed attempts. Wait a few minutes, then try again.',
      demoHint: 'Demo accounts: demo-rep, demo-legal, demo-advocate, demo-admin (password: the name followed by -2026).',
    },
    account: {
      title: 'My account',
      role: 'Role',
      communities: 'My communities',
      changePassword: 'Change password',
      mustChange: 'You signed in with a temporary password. Choose your own password to continue.',
      currentPassword: 'Current password',
      newPassword: 'New password',
      repeatPassword: 'Repeat the new password',
      mismatch: 'The two new passwords are not the same.',
      changed: 'Your password is changed. Your other sessions were signed out.',
      wrongPassword: 'The current password is wrong.',
    },
  },
  {
    signIn: {
      title: 'ចូលប្រើ',
      login: 'អ៊ីមែល ឬឈ្មោះអ្នកប្រើ',
      password: 'ពាក្យសម្ងាត់',
      submit: 'ចូលប្រើ',
      working: 'កំពុងចូល…',
      failed: 'អ៊ីមែល/ឈ្មោះអ្នកប្រើ ឬពាក្យសម្ងាត់មិនត្រឹមត្រូវ។',
      locked: 'ព្យាយាមខុសច្រើនដងពេក។ សូមរង់ចាំប៉ុន្មាននាទី រួចព្យាយាមម្ដងទៀត។',
      demoHint: 'គណនីសាកល្បង៖ demo-rep, demo-legal, demo-advocate, demo-admin (ពាក្យសម្ងាត់៖ ឈ្មោះ បន្តដោយ -2026)។',
    },
    account: {
      title: 'គណនីរបស់ខ្ញុំ',
      role: 'តួនាទី',
      communities: 'សហគមន៍របស់ខ្ញុំ',
      changePassword: 'ប្ដូរពាក្យសម្ងាត់',
      mustChange: 'អ្នកបានចូលដោយពាក្យសម្ងាត់បណ្ដោះអាសន្ន។ សូមជ្រើសពាក្យសម្ងាត់ផ្ទាល់ខ្លួនដើម្បីបន្ត។',
      currentPassword: 'ពាក្យសម្ងាត់បច្ចុប្បន្ន',
      newPassword: 'ពាក្យសម្ងាត់ថ្មី',
      repeatPassword: 'វាយពាក្យសម្ងាត់ថ្មីម្ដងទៀត',
      mismatch: 'ពាក្យសម្ងាត់ថ្មីទាំងពីរមិនដូចគ្នាទេ។',
      changed: 'ពាក្យសម្ងាត់របស់អ្នកត្រូវបានប្ដូរ។ វគ្គផ្សេងទៀតរបស់អ្នកត្រូវបានចាកចេញ។',
      wrongPassword: 'ពាក្យសម្ងាត់បច្ចុប្បន្នមិនត្រឹមត្រូវ។',
    },
  },
)
