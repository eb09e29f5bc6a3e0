// Rows as the API sends them, for the case workspace's component tests.
export const CASE_ID = '11111111-1111-4111-8111-111111111111'
export const COMMUNITY_ID = '22222222-2222-4222-8222-222222222222'
export const EVENT_ID = '33333333-3333-4333-8333-333333333333'
export const EVIDENCE_ID = '44444444-4444-4444-8444-444444444444'
export const INCIDENT_ID = '55555555-5555-4555-8555-555555555555'
export const PERSON_ID = '66666666-6666-4666-8666-666666666666'

const meta = { createdAt: '2026-11-01T02:00:00.000Z', updatedAt: '2026-11-20T02:00:00.000Z', version: 3 }

/** A case as legal staff receive it (with privileged notes); drop fields to get other roles' views. */
export function caseDetail(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: CASE_ID,
    ...meta,
    reference: 'CASE-2026-0001',
    title: 'Defence of Kaleng community representatives',
    titleKm: 'ការការពារតំណាងសហគមន៍កាឡែង',
    kind: 'court_criminal_defense',
    stage: 'hearing',
    forum: 'Ratanak Kiri Provincial Court',
    lead: { userId: '88888888-8888-4888-8888-888888888888', displayName: 'Mao Dalin' },
    province: 'Ratanak Kiri',
    summary: 'Three representatives were charged with incitement.',
    outcome: null,
    openedOn: '2026-02-11',
    closedOn: null,
    communities: [{ id: COMMUNITY_ID, name: 'Kaleng Tampuan Community' }],
    privilegedNotes: 'Strategy: the only eyewitness contradicts the police report.',
    stageHistory: [
      {
        id: '77777777-7777-4777-8777-777777777777',
        fromStage: 'filed',
        toStage: 'hearing',
        note: 'First hearing set',
        changedAt: '2026-10-01T02:00:00.000Z',
      },
    ],
    parcels: [],
    incidents: [],
    people: [{ id: PERSON_ID, fullName: 'Ouk Malis', fullNameKm: 'អ៊ុក ម្លិះ', role: 'client' }],
    ...overrides,
  }
}

export function caseEvent(overrides: Record<string, unknown> = {}) {
  return {
    id: EVENT_ID,
    ...meta,
    caseId: CASE_ID,
    caseReference: 'CASE-2026-0001',
    kind: 'hearing',
    title: 'Next hearing at the provincial court',
    details: null,
    startsAt: '2026-12-06T02:00:00.000Z',
    location: 'Ratanak Kiri Provincial Court',
    isDone: false,
    ...overrides,
  }
}

export function evidence(overrides: Record<string, unknown> = {}) {
  return {
    id: EVIDENCE_ID,
    ...meta,
    sha256: 'f723638db6e763cf4ccadad38a3d38a02d9ecab95dab1f0bbf00e801991b5f92',
    sizeBytes: 16978,
    mediaType: 'application/pdf',
    declaredType: null,
    originalFilename: 'complaint.pdf',
    title: 'Complaint letter',
    description: null,
    capturedAt: null,
    capturedAtText: null,
    capturedBy: null,
    location: null,
    cameraMake: null,
    cameraModel: null,
    orientation: null,
    pageCount: 2,
    durationSeconds: null,
    hasThumbnail: false,
    isConfidential: false,
    incidentId: null,
    caseId: CASE_ID,
    parcelId: null,
    communityId: null,
    activityId: null,
    uploadedByUserId: null,
    purgedAt: null,
    ...overrides,
  }
}

export function incident(overrides: Record<string, unknown> = {}) {
  return {
    id: INCIDENT_ID,
    ...meta,
    communityId: COMMUNITY_ID,
    communityName: 'Prey Thom Land Community',
    title: 'Encroachment in Prey Thom',
    titleKm: 'ការទន្ទ្រានដីនៅភូមិព្រៃធំ',
    kind: 'encroachment',
    status: 'reported',
    severity: 'medium',
    perpetratorKind: 'company',
    perpetratorName: 'Demo Sugar Co.',
    occurredAt: '2026-11-27T04:00:00.000Z',
    occurredPrecision: 'day',
    householdsAffected: 90,
    peopleAffected: 450,
    description: 'Bulldozers cleared rice fields.',
    province: 'Koh Kong',
    district: 'Srae Ambel',
    commune: 'Chi Kha Leu',
    village: 'Prey Thom',
    location: { type: 'Point', coordinates: [103.71, 11.21] },
    affectedArea: null,
    affectedAreaHa: null,
    isConfidential: false,
    dismissalReason: null,
    verifiedAt: null,
    reportedBy: 'Community leader',
    reportedByUserId: null,
    sourceUrl: null,
    sourceDate: null,
    ...overrides,
  }
}
