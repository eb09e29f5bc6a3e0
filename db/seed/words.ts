// Word lists the demo generator combines. Person names are random pairings of common Khmer
// family and given names: they belong to nobody in particular.
import type { IncidentKind, LandUse } from '../../shared/vocabularies.ts'

export const DEMO_NOTE = 'Fictional demo data.'

type Name = readonly [english: string, khmer: string]

export const FAMILY_NAMES: readonly Name[] = [
  ['Sok', 'សុខ'],
  ['Chan', 'ចាន់'],
  ['Keo', 'កែវ'],
  ['Heng', 'ហេង'],
  ['Meas', 'មាស'],
  ['Prak', 'ប្រាក់'],
  ['Ouk', 'អ៊ុក'],
  ['Chea', 'ជា'],
  ['Lim', 'លឹម'],
  ['Pen', 'ប៉ែន'],
  ['Yin', 'យិន'],
  ['Mao', 'ម៉ៅ'],
  ['Sam', 'សំ'],
  ['Touch', 'ទូច'],
  ['Nuon', 'នួន'],
]

export const GIVEN_NAMES_FEMALE: readonly Name[] = [
  ['Sophea', 'សុភា'],
  ['Srey Leak', 'ស្រីល័ក្ខ'],
  ['Channary', 'ចន្នារី'],
  ['Bopha', 'បុប្ផា'],
  ['Sokha', 'សុខា'],
  ['Kanha', 'កញ្ញា'],
  ['Malis', 'ម្លិះ'],
  ['Sreymom', 'ស្រីមុំ'],
  ['Pisey', 'ពិសី'],
  ['Navy', 'ណាវី'],
]

export const GIVEN_NAMES_MALE: readonly Name[] = [
  ['Dara', 'ដារ៉ា'],
  ['Vuthy', 'វុទ្ធី'],
  ['Sambath', 'សម្បត្តិ'],
  ['Rithy', 'រិទ្ធី'],
  ['Sophal', 'សុផល'],
  ['Bunthoeun', 'ប៊ុនធឿន'],
  ['Vannak', 'វណ្ណៈ'],
  ['Kosal', 'កុសល'],
  ['Chantha', 'ចន្ថា'],
  ['Piseth', 'ពិសិដ្ឋ'],
]

export const INCIDENT_KIND_LABELS: Record<IncidentKind, readonly [english: string, khmer: string]> = {
  forced_eviction: ['Forced eviction', 'ការបណ្តេញចេញដោយបង្ខំ'],
  eviction_threat: ['Eviction threat', 'ការគំរាមបណ្តេញចេញ'],
  land_grabbing: ['Land grabbing', 'ការរំលោភយកដីធ្លី'],
  encroachment: ['Encroachment', 'ការទន្ទ្រានដីធ្លី'],
  demolition: ['Demolition of houses', 'ការរុះរើផ្ទះ'],
  crop_destruction: ['Crops destroyed', 'ការបំផ្លាញដំណាំ'],
  fencing: ['Fence built on community land', 'ការហ៊ុំរបងលើដីសហគមន៍'],
  intimidation: ['Intimidation of community members', 'ការគំរាមកំហែងសមាជិកសហគមន៍'],
  violence: ['Violence against villagers', 'អំពើហិង្សាលើអ្នកភូមិ'],
  arrest: ['Arrest of a community representative', 'ការចាប់ខ្លួនតំណាងសហគមន៍'],
  legal_harassment: ['Summons and legal harassment', 'ការកោះហៅ និងការយាយីតាមផ្លូវច្បាប់'],
  other: ['Other land-related incident', 'ករណីពាក់ព័ន្ធដីធ្លីផ្សេងៗ'],
}

/** What happened, in a sentence; {perpetrator}, {village}, {landUse}, {areaHa} are filled in. */
export const INCIDENT_STORIES: Record<IncidentKind, readonly string[]> = {
  forced_eviction: [
    '{perpetrator} removed families from their homes near {village} village without notice or compensation.',
    'Families were ordered out of the {landUse} area within 48 hours; belongings were loaded onto trucks by {perpetrator}.',
  ],
  eviction_threat: [
    'Villagers of {village} received a written order from {perpetrator} to leave their {landUse} land within 30 days.',
    '{perpetrator} told a village meeting that houses along the road would be cleared after the harvest.',
  ],
  land_grabbing: [
    'About {areaHa} ha of {landUse} used by the community was claimed by {perpetrator} and sold to outsiders.',
    '{perpetrator} planted boundary posts across {areaHa} ha of {landUse} the community has farmed for decades.',
  ],
  encroachment: [
    'Bulldozers working for {perpetrator} cleared about {areaHa} ha of {landUse} inside the community area near {village}.',
    "Workers of {perpetrator} pushed the plantation edge about 300 m into the community's {landUse}.",
  ],
  demolition: [
    'Houses and a rice store in {village} village were pulled down by {perpetrator}.',
    '{perpetrator} demolished huts built on the disputed {landUse} land.',
  ],
  crop_destruction: [
    'Cassava and cashew on about {areaHa} ha of {landUse} were sprayed or uprooted; villagers blame {perpetrator}.',
    'Cattle were driven into ripening rice near {village}; the community says {perpetrator} ordered it.',
  ],
  fencing: [
    "{perpetrator} put up a barbed-wire fence that cuts the path from {village} to the community's {landUse}.",
    'A new fence by {perpetrator} encloses about {areaHa} ha of {landUse}, including a water source.',
  ],
  intimidation: [
    'Men in plain clothes visited the community leader at night and warned him to stop the complaint.',
    '{perpetrator} photographed villagers at a community meeting and questioned them about their membership.',
  ],
  violence: [
    'Two villagers were beaten while blocking machinery near {village}; one was treated at the health centre.',
    'Shots were fired into the air when villagers confronted {perpetrator} on the {landUse} land.',
  ],
  arrest: [
    '{perpetrator} arrested a community representative on a charge of clearing state land; released on bail after 3 days.',
    'A youth member was detained by {perpetrator} for 24 hours after filming the clearing.',
  ],
  legal_harassment: [
    'Five community members were summoned by the provincial court after a complaint filed by {perpetrator}.',
    '{perpetrator} filed a defamation complaint against the community leader after a radio interview.',
  ],
  other: [
    'Survey teams entered {village} village without informing the commune; purpose not explained to villagers.',
    "The community's water source near the {landUse} area was diverted for a nearby plantation.",
  ],
}

export const DISMISSAL_REASONS = [
  'Duplicate of an earlier report of the same event (demo).',
  'Could not be verified after two field visits (demo).',
  'The reporter withdrew the report after the matter was settled within the family (demo).',
]

export const INCIDENT_REPORTERS = [
  'Community leader',
  'Provincial network monitor',
  'NGO field officer (demo)',
  'Community representative via hotline',
  'Youth group member',
]

export const LAND_USE_LABELS: Record<LandUse, string> = {
  rice_field: 'rice field',
  chamkar: 'chamkar',
  orchard: 'orchard',
  residential: 'house plot',
  forest: 'community forest',
  spirit_forest: 'spirit forest',
  burial_ground: 'burial ground',
  grazing: 'grazing land',
  water: 'pond',
  other: 'plot',
}

export const PARCEL_NOTES = [
  'Boundary walked with GPS by community members (demo).',
  'Neighbours confirmed the boundary at a village meeting (demo).',
  'Held since before 2001 according to the village chief (demo).',
  'Boundary copied from a hand-drawn community map (demo).',
]

export const PLAN_PRIORITIES = [
  "Secure the community's land tenure",
  'Protect the community forest from clearing',
  'Document incidents and keep evidence safe',
  "Strengthen women's leadership in the committee",
  'Bring young people into monitoring and mapping',
  'Improve rice yields without chemical inputs',
  'Build a savings fund for legal and travel costs',
]

export const PLAN_GOALS = [
  'All parcels of the community mapped and recorded',
  'Communal land title application submitted',
  'Monthly committee meetings with minutes',
  'At least 40% women on the committee',
  'Ten youth trained as land monitors',
  'A complaint filed and followed up with the cadastral commission',
  'Seed bank with three local rice varieties',
]

export const PLAN_ACTIONS = [
  'Walk and map the boundary with GPS during the dry season',
  'Hold a village meeting to validate the community map',
  'Collect thumbprints for the complaint',
  'Send two representatives to the provincial network meeting',
  'Train members on safe photo and video documentation',
  'Meet the commune council about the fence on the grazing land',
  'Organise a community patrol of the spirit forest',
]

export const PERPETRATORS = {
  military: ['Military police unit (demo)', 'Border army battalion (demo)'],
  localAuthority: ['Commune authority', "District governor's office"],
  individual: ['Local land broker (demo)', 'Unidentified outsiders', 'Wealthy buyer from the provincial town (demo)'],
  otherCompanies: ['Demo Cashew Trading Co., Ltd.', 'Demo Timber Export Co., Ltd.'],
}

/** The demo's lawyers besides the Demo Lawyer account: accounts without a password (they cannot sign in). */
export const LAWYERS = ['Heng Sothea (demo lawyer)', 'Lim Chanthou (demo lawyer)', 'Mao Dalin (demo lawyer)']
