// Starter letter templates, in Khmer and English: a complaint to the cadastral commission, a
// request for a copy of a concession contract, a letter to the provincial governor and a power of
// attorney. Plain professional letters with placeholders (shared/document-templates.ts) and no
// cited law: they say "the applicable law" and leave the legal basis to the lawyer. Khmer letters
// follow the formal layout (kingdom header, សូមគោរពជូន, កម្មវត្ថុ, យោង, closing courtesy).
import type { documentTemplates } from '../schema/index.ts'
import type { Random } from './random.ts'

export type DocumentTemplateRow = typeof documentTemplates.$inferInsert & { id: string }

const KINGDOM_HEADER = `<p class="center muol">ព្រះរាជាណាចក្រកម្ពុជា</p>
<p class="center muol">ជាតិ សាសនា ព្រះមហាក្សត្រ</p>
<p class="center">❖❖❖</p>`

const CADASTRAL_COMPLAINT_KM = `${KINGDOM_HEADER}
<h1 class="title muol">ពាក្យបណ្ដឹង</h1>
<p class="center"><strong>សូមគោរពជូន</strong></p>
<p class="center"><strong>ឯកឧត្តមប្រធានគណៈកម្មការសុរិយោដី</strong>{{#case.forum}}<br />({{case.forum}}){{/case.forum}}</p>
<p class="subject"><strong>កម្មវត្ថុ៖</strong> ពាក្យបណ្ដឹងសុំឱ្យពិនិត្យ និងដោះស្រាយវិវាទដីធ្លីដែលមិនទាន់បានចុះបញ្ជី ក្នុងសំណុំរឿងលេខ {{case.reference}}។</p>
<p><strong>យោង៖</strong> ច្បាប់ និងបទប្បញ្ញត្តិជាធរមាន ស្ដីពីការដោះស្រាយវិវាទដីធ្លី។</p>
<p class="justify">យើងខ្ញុំជាអ្នកប្ដឹង ដែលមានឈ្មោះដូចខាងក្រោម៖</p>
<ol>{{#parties.clients}}<li>{{name}}</li>{{/parties.clients}}{{#parties.plaintiffs}}<li>{{name}}</li>{{/parties.plaintiffs}}</ol>
{{#communities}}<p class="justify">ជាសមាជិក{{name}} {{#village}}ភូមិ{{village}} {{/village}}{{#commune}}ឃុំ{{commune}} {{/commune}}{{#district}}ស្រុក{{district}} {{/district}}{{province}}។</p>{{/communities}}
<p class="justify">យើងខ្ញុំសូមគោរពជម្រាបជូនឯកឧត្តមប្រធានថា យើងខ្ញុំបានកាន់កាប់ និងប្រើប្រាស់ដីខាងក្រោមនេះ ដោយសុចរិត និងដោយសន្តិភាព ហើយបច្ចុប្បន្នកំពុងមានវិវាទ៖</p>
<table>
<thead><tr><th>ល.រ</th><th>ក្បាលដី</th><th>អ្នកកាន់កាប់</th><th>ផ្ទៃដី (ហិកតា)</th></tr></thead>
<tbody>{{#parcels}}<tr><td>{{number}}</td><td>{{label}}</td><td>{{holder}}</td><td class="right">{{areaHa}}</td></tr>{{/parcels}}
<tr><td colspan="3"><strong>សរុប</strong></td><td class="right"><strong>{{parcelsAreaHa}}</strong></td></tr></tbody>
</table>
<p class="justify">{{#parties.defendants}}ភាគីដែលយើងខ្ញុំប្ដឹងគឺ {{name}}។ {{/parties.defendants}}{{#concessions}}ដីនេះត្រួតស៊ីគ្នាជាមួយ{{name}}{{#company}} របស់ក្រុមហ៊ុន{{company}}{{/company}}។ {{/concessions}}</p>
<p class="justify">អាស្រ័យដូចបានជម្រាបជូនខាងលើ សូមឯកឧត្តមប្រធាន មេត្តាពិនិត្យ និងដោះស្រាយវិវាទនេះ ស្របតាមច្បាប់ជាធរមាន ដើម្បីធានាសិទ្ធិកាន់កាប់ដីធ្លីរបស់យើងខ្ញុំ ដោយក្ដីអនុគ្រោះ។</p>
<p class="justify">សូមឯកឧត្តមប្រធាន មេត្តាទទួលនូវការគោរពដ៏ខ្ពង់ខ្ពស់អំពីយើងខ្ញុំ។</p>
<p class="right">ធ្វើនៅ.................... {{today}}</p>
<table class="plain"><tr><td>មេធាវីតំណាង<br /><br /><br />{{leadLawyer}}</td><td class="right">ស្នាមមេដៃស្ដាំ ឬហត្ថលេខារបស់អ្នកប្ដឹង</td></tr></table>`

const CADASTRAL_COMPLAINT_EN = `<p class="right">{{today}}</p>
<p>To: The President of the Cadastral Commission{{#case.forum}}<br />{{case.forum}}{{/case.forum}}</p>
<p class="subject"><strong>Subject:</strong> Complaint concerning a dispute over unregistered land — case {{case.reference}}</p>
<p><strong>Reference:</strong> the applicable law and regulations on the resolution of land disputes.</p>
<p>Dear Mr/Madam President,</p>
<p class="justify">We, the complainants named below, respectfully submit this complaint:</p>
<ol>{{#parties.clients}}<li>{{name}}</li>{{/parties.clients}}{{#parties.plaintiffs}}<li>{{name}}</li>{{/parties.plaintiffs}}</ol>
{{#communities}}<p class="justify">We are members of {{name}}, {{#village}}{{village}} village, {{/village}}{{#commune}}{{commune}} commune, {{/commune}}{{#district}}{{district}} district, {{/district}}{{province}} province.</p>{{/communities}}
<p class="justify">We have held and used the following land in good faith and peacefully, and it is now in dispute:</p>
<table>
<thead><tr><th>No.</th><th>Parcel</th><th>Holder</th><th>Area (ha)</th></tr></thead>
<tbody>{{#parcels}}<tr><td>{{number}}</td><td>{{label}}</td><td>{{holder}}</td><td class="right">{{areaHa}}</td></tr>{{/parcels}}
<tr><td colspan="3"><strong>Total</strong></td><td class="right"><strong>{{parcelsAreaHa}}</strong></td></tr></tbody>
</table>
<p class="justify">{{#parties.defendants}}This complaint is brought against {{name}}. {{/parties.defendants}}{{#concessions}}The land overlaps the concession {{name}}{{#company}} held by {{company}}{{/company}}. {{/concessions}}</p>
<p class="justify">We therefore respectfully ask the Commission to examine and resolve this dispute in accordance with the applicable law, so that our rights of possession are protected.</p>
<p>Yours respectfully,</p>
<table class="plain"><tr><td>Counsel for the complainants<br /><br /><br />{{leadLawyer}}</td><td class="right">Right thumbprints or signatures of the complainants</td></tr></table>`

const CONTRACT_REQUEST_KM = `${KINGDOM_HEADER}
<p class="center"><strong>សូមគោរពជូន</strong></p>
<p class="center"><strong>ឯកឧត្តម/លោកជំទាវ ..................................................</strong><br />(ប្រធានក្រសួង ឬស្ថាប័នដែលគ្រប់គ្រងដីសម្បទាន)</p>
<p class="subject"><strong>កម្មវត្ថុ៖</strong> សំណើសុំច្បាប់ចម្លងកិច្ចសន្យាដីសម្បទាន និងផែនទីព្រំប្រទល់។</p>
<p><strong>យោង៖</strong> សំណុំរឿងលេខ {{case.reference}} «{{case.title}}»។</p>
<p class="justify">យើងខ្ញុំជាមេធាវីតំណាងឱ្យ{{#communities}} {{name}} {{province}}{{/communities}} សូមគោរពស្នើសុំច្បាប់ចម្លងកិច្ចសន្យាដីសម្បទាន ផែនទីព្រំប្រទល់ និងឯកសារវាយតម្លៃហេតុប៉ះពាល់បរិស្ថាន និងសង្គម នៃដីសម្បទានខាងក្រោម៖</p>
<table>
<thead><tr><th>ល.រ</th><th>ដីសម្បទាន</th><th>ក្រុមហ៊ុន</th><th>ប្រភេទ</th><th>ផ្ទៃដី (ហិកតា)</th></tr></thead>
<tbody>{{#concessions}}<tr><td>{{number}}</td><td>{{name}}</td><td>{{company}}</td><td>{{kind}}</td><td class="right">{{areaHa}}</td></tr>{{/concessions}}</tbody>
</table>
{{^concessions}}<p>(សូមបញ្ជាក់ឈ្មោះដីសម្បទាន និងក្រុមហ៊ុន)</p>{{/concessions}}
<p class="justify">ឯកសារទាំងនេះចាំបាច់សម្រាប់ពិនិត្យវិវាទដីធ្លីរវាងសហគមន៍ និងក្រុមហ៊ុន ដែលប៉ះពាល់ដល់ដីដែលសហគមន៍បានកាន់កាប់ និងប្រើប្រាស់ ទំហំសរុប {{parcelsAreaHa}} ហិកតា។</p>
<p class="justify">អាស្រ័យដូចបានជម្រាបជូនខាងលើ សូមឯកឧត្តម/លោកជំទាវ មេត្តាផ្ដល់ច្បាប់ចម្លងឯកសារខាងលើ ដោយក្ដីអនុគ្រោះ។</p>
<p class="justify">សូមឯកឧត្តម/លោកជំទាវ មេត្តាទទួលនូវការគោរពដ៏ខ្ពង់ខ្ពស់អំពីយើងខ្ញុំ។</p>
<p class="right">ធ្វើនៅ.................... {{today}}</p>
<p class="signature">មេធាវីតំណាង<br /><br /><br />{{leadLawyer}}</p>`

const CONTRACT_REQUEST_EN = `<p class="right">{{today}}</p>
<p>To: H.E. ..................................................<br />(head of the ministry or authority that manages the concession)</p>
<p class="subject"><strong>Subject:</strong> Request for a copy of a concession contract and its boundary map</p>
<p><strong>Reference:</strong> case {{case.reference}}, “{{case.title}}”</p>
<p>Your Excellency,</p>
<p class="justify">We act as counsel for{{#communities}} {{name}} ({{province}} province){{/communities}}. We respectfully request copies of the contract, the boundary map and the environmental and social impact assessment of the following concessions:</p>
<table>
<thead><tr><th>No.</th><th>Concession</th><th>Company</th><th>Kind</th><th>Area (ha)</th></tr></thead>
<tbody>{{#concessions}}<tr><td>{{number}}</td><td>{{name}}</td><td>{{company}}</td><td>{{kind}}</td><td class="right">{{areaHa}}</td></tr>{{/concessions}}</tbody>
</table>
{{^concessions}}<p>(Name the concession and the company.)</p>{{/concessions}}
<p class="justify">These documents are needed to examine the land dispute between the community and the company, which affects land the community holds and uses, {{parcelsAreaHa}} ha in all.</p>
<p class="justify">We would be grateful to receive them at your earliest convenience.</p>
<p>Yours respectfully,</p>
<p class="signature">Counsel<br /><br /><br />{{leadLawyer}}</p>`

const GOVERNOR_LETTER_KM = `${KINGDOM_HEADER}
<p class="center"><strong>សូមគោរពជូន</strong></p>
<p class="center"><strong>ឯកឧត្តមអភិបាលនៃគណៈអភិបាល{{case.province}}</strong></p>
<p class="subject"><strong>កម្មវត្ថុ៖</strong> សំណើសុំអន្តរាគមន៍ដោះស្រាយវិវាទដីធ្លីរបស់{{#communities}} {{name}}{{/communities}}។</p>
<p><strong>យោង៖</strong> សំណុំរឿងលេខ {{case.reference}} «{{case.title}}»។</p>
<p class="justify">យើងខ្ញុំជាមេធាវីតំណាងឱ្យ{{#communities}} {{name}} {{#village}}ភូមិ{{village}} {{/village}}{{#commune}}ឃុំ{{commune}} {{/commune}}{{#district}}ស្រុក{{district}}{{/district}}{{/communities}} សូមគោរពជម្រាបជូនឯកឧត្តមអភិបាលខេត្តថា សហគមន៍កំពុងមានវិវាទលើដីទំហំសរុប {{parcelsAreaHa}} ហិកតា{{#concessions}} ដែលត្រួតស៊ីគ្នាជាមួយ{{name}}{{#company}} របស់ក្រុមហ៊ុន{{company}}{{/company}}{{/concessions}}។</p>
<p class="justify">សូមឯកឧត្តមអភិបាលខេត្ត មេត្តាអន្តរាគមន៍ សម្របសម្រួលកិច្ចពិភាក្សារវាងភាគីពាក់ព័ន្ធ និងចាត់វិធានការមិនឱ្យមានការឈូសឆាយ ឬការរំលោភបន្ថែមលើដីដែលកំពុងមានវិវាទ រហូតដល់មានដំណោះស្រាយស្របតាមច្បាប់ជាធរមាន។</p>
<p class="justify">សូមឯកឧត្តមអភិបាលខេត្ត មេត្តាទទួលនូវការគោរពដ៏ខ្ពង់ខ្ពស់អំពីយើងខ្ញុំ។</p>
<p class="right">ធ្វើនៅ.................... {{today}}</p>
<p class="signature">មេធាវីតំណាង<br /><br /><br />{{leadLawyer}}</p>`

const GOVERNOR_LETTER_EN = `<p class="right">{{today}}</p>
<p>To: H.E. the Governor of the Board of Governors of {{case.province}} Province</p>
<p class="subject"><strong>Subject:</strong> Request for intervention in the land dispute of{{#communities}} {{name}}{{/communities}}</p>
<p><strong>Reference:</strong> case {{case.reference}}, “{{case.title}}”</p>
<p>Your Excellency,</p>
<p class="justify">We act as counsel for{{#communities}} {{name}}, {{#village}}{{village}} village, {{/village}}{{#commune}}{{commune}} commune, {{/commune}}{{#district}}{{district}} district{{/district}}{{/communities}}. The community is in a dispute over land of {{parcelsAreaHa}} ha in all{{#concessions}}, which overlaps the concession {{name}}{{#company}} held by {{company}}{{/company}}{{/concessions}}.</p>
<p class="justify">We respectfully ask Your Excellency to intervene, to bring the parties together, and to take measures so that no further clearing or encroachment takes place on the disputed land until the dispute is resolved in accordance with the applicable law.</p>
<p>Yours respectfully,</p>
<p class="signature">Counsel<br /><br /><br />{{leadLawyer}}</p>`

const POWER_OF_ATTORNEY_KM = `${KINGDOM_HEADER}
<h1 class="title muol">លិខិតប្រគល់សិទ្ធិ</h1>
<p class="justify">យើងខ្ញុំជាអ្នកប្រគល់សិទ្ធិ ដែលមានឈ្មោះ និងអាសយដ្ឋានដូចខាងក្រោម៖</p>
<table>
<thead><tr><th>ល.រ</th><th>ឈ្មោះ</th><th>អាសយដ្ឋាន</th><th>ស្នាមមេដៃស្ដាំ</th></tr></thead>
<tbody>{{#parties.clients}}<tr><td>{{number}}</td><td>{{name}}</td><td>{{address}}</td><td></td></tr>{{/parties.clients}}</tbody>
</table>
<p class="justify">សូមប្រគល់សិទ្ធិជូន លោក/លោកស្រី <strong>{{leadLawyer}}</strong> មេធាវី ជាអ្នកទទួលសិទ្ធិ ដើម្បីតំណាង និងការពារផលប្រយោជន៍របស់យើងខ្ញុំ នៅចំពោះមុខ{{#case.forum}} {{case.forum}} និង{{/case.forum}}ស្ថាប័នពាក់ព័ន្ធទាំងឡាយ ក្នុងសំណុំរឿងលេខ {{case.reference}} «{{case.title}}» រួមទាំងការដាក់ពាក្យបណ្ដឹង ការចូលរួមសវនាការ ការទទួល និងការដាក់ឯកសារ។</p>
<p class="justify">លិខិតប្រគល់សិទ្ធិនេះ មានសុពលភាពចាប់ពីថ្ងៃចុះហត្ថលេខា រហូតដល់ការបញ្ចប់សំណុំរឿងនេះ ឬរហូតដល់អ្នកប្រគល់សិទ្ធិដកសិទ្ធិវិញជាលាយលក្ខណ៍អក្សរ។</p>
<p class="right">ធ្វើនៅ.................... {{today}}</p>
<table class="plain"><tr><td class="center">អ្នកទទួលសិទ្ធិ<br /><br /><br />{{leadLawyer}}</td><td class="center">អ្នកប្រគល់សិទ្ធិ<br />(ស្នាមមេដៃស្ដាំនៅក្នុងតារាងខាងលើ)</td></tr></table>`

const POWER_OF_ATTORNEY_EN = `<h1 class="title">Power of attorney</h1>
<p class="justify">We, the principals named below,</p>
<table>
<thead><tr><th>No.</th><th>Name</th><th>Address</th><th>Right thumbprint or signature</th></tr></thead>
<tbody>{{#parties.clients}}<tr><td>{{number}}</td><td>{{name}}</td><td>{{address}}</td><td></td></tr>{{/parties.clients}}</tbody>
</table>
<p class="justify">appoint <strong>{{leadLawyer}}</strong>, lawyer, as our attorney, to represent us and defend our interests before{{#case.forum}} {{case.forum}} and{{/case.forum}} every authority concerned in case {{case.reference}}, “{{case.title}}”, including filing complaints, attending hearings, and receiving and submitting documents.</p>
<p class="justify">This power of attorney is valid from the day it is signed until the end of the case, or until the principals revoke it in writing.</p>
<p class="right">Signed at .................... on {{today}}</p>
<table class="plain"><tr><td class="center">The attorney<br /><br /><br />{{leadLawyer}}</td><td class="center">The principals<br />(thumbprints or signatures in the table above)</td></tr></table>`

const STARTERS = [
  ['cadastral_complaint', 'km', 'ពាក្យបណ្ដឹងទៅគណៈកម្មការសុរិយោដី', 'ពាក្យបណ្ដឹងរបស់សហគមន៍ ឬម្ចាស់ដី ជាមួយបញ្ជីក្បាលដី និងផ្ទៃដី', CADASTRAL_COMPLAINT_KM],
  [
    'cadastral_complaint',
    'en',
    'Complaint to the cadastral commission',
    'The complainants, their community, the parcels with their areas, and the other side',
    CADASTRAL_COMPLAINT_EN,
  ],
  [
    'concession_contract_request',
    'km',
    'សំណើសុំច្បាប់ចម្លងកិច្ចសន្យាដីសម្បទាន',
    'សំណើសុំកិច្ចសន្យា ផែនទីព្រំប្រទល់ និងការវាយតម្លៃហេតុប៉ះពាល់ នៃដីសម្បទានដែលប៉ះពាល់ដីក្នុងរឿងក្ដី',
    CONTRACT_REQUEST_KM,
  ],
  [
    'concession_contract_request',
    'en',
    'Request for a copy of a concession contract',
    'Contract, boundary map and impact assessment of the concessions touching the case’s land',
    CONTRACT_REQUEST_EN,
  ],
  ['governor_letter', 'km', 'លិខិតជូនអភិបាលខេត្ត', 'សំណើសុំអន្តរាគមន៍ និងវិធានការបណ្ដោះអាសន្នលើដីដែលកំពុងមានវិវាទ', GOVERNOR_LETTER_KM],
  [
    'governor_letter',
    'en',
    'Letter to the provincial governor',
    'Asks for intervention and for no further clearing while the dispute is resolved',
    GOVERNOR_LETTER_EN,
  ],
  ['power_of_attorney', 'km', 'លិខិតប្រគល់សិទ្ធិ', 'កូនក្ដីប្រគល់សិទ្ធិឱ្យមេធាវីទទួលបន្ទុក (មានអាសយដ្ឋានរបស់កូនក្ដី)', POWER_OF_ATTORNEY_KM],
  [
    'power_of_attorney',
    'en',
    'Power of attorney',
    'The clients appoint the lead lawyer (includes the clients’ addresses)',
    POWER_OF_ATTORNEY_EN,
  ],
] as const

/** The eight starter templates, with ids from the demo's seeded random numbers. */
export function generateDocumentTemplates(random: Random): DocumentTemplateRow[] {
  return STARTERS.map(([kind, language, name, description, bodyHtml]) => ({
    id: random.uuid(),
    kind,
    language,
    name,
    description,
    bodyHtml,
  }))
}
