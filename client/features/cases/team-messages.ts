// The case team's strings (registered under cases.team in messages.ts), in English and Khmer.
import { bilingual } from '../../../shared/i18n.ts'

export const caseTeamMessages = bilingual(
  {
    title: 'Case team',
    none: 'Nobody is assigned to this case yet.',
    lead: 'Lead lawyer',
    member: 'Team member',
    noLead: 'No lead lawyer yet.',
    formerLead: 'Lead lawyer written before case teams: {{name}}',
    formerLeadHint: 'Choose the account of this lawyer as lead, if they have one.',
    account: 'Lawyer',
    chooseAccount: 'Choose a lawyer',
    makeLead: 'Make lead',
    addMember: 'Add to the team',
    remove: 'Take {{name}} off the team',
    confirmRemove: 'Take {{name}} off the team?',
    mineFilter: 'Only my cases',
    mineHint: 'The cases I lead or work on',
  },
  {
    title: 'ក្រុមការងារសំណុំរឿង',
    none: 'មិនទាន់មាននរណាម្នាក់ត្រូវបានចាត់តាំងលើសំណុំរឿងនេះនៅឡើយទេ។',
    lead: 'មេធាវីទទួលបន្ទុក',
    member: 'សមាជិកក្រុម',
    noLead: 'មិនទាន់មានមេធាវីទទួលបន្ទុកនៅឡើយទេ។',
    formerLead: 'មេធាវីទទួលបន្ទុកដែលបានកត់ត្រាពីមុនមានក្រុមការងារ៖ {{name}}',
    formerLeadHint: 'សូមជ្រើសរើសគណនីរបស់មេធាវីនេះជាអ្នកទទួលបន្ទុក ប្រសិនបើគាត់មានគណនី។',
    account: 'មេធាវី',
    chooseAccount: 'ជ្រើសរើសមេធាវី',
    makeLead: 'ធ្វើជាអ្នកទទួលបន្ទុក',
    addMember: 'បន្ថែមទៅក្រុម',
    remove: 'ដក {{name}} ចេញពីក្រុម',
    confirmRemove: 'ដក {{name}} ចេញពីក្រុមមែនទេ?',
    mineFilter: 'តែសំណុំរឿងរបស់ខ្ញុំ',
    mineHint: 'សំណុំរឿងដែលខ្ញុំជាមេធាវីទទួលបន្ទុក ឬជាសមាជិកក្រុម',
  },
)
