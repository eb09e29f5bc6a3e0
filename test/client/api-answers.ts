// API answers as the server would send them, for the tests that fake fetch (the shared schemas
// parse them, so they carry every field).
export const json = (status: number, body: unknown, type = 'application/json') =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': type } })

/** /api/client-config of an offline installation in Cambodia (no basemap, the default region). */
export const clientConfigJson = (overrides: { maxUploadBytes?: number; hasDemoAccounts?: boolean } = {}) => ({
  tileUrl: null,
  tileAttribution: '',
  maxUploadBytes: 1_000_000,
  hasDemoAccounts: false,
  // Cambodia plus 50 km, as server/lib/geometry-rules.ts makes it.
  region: [101.87, 9.46, 108.09, 15.14],
  ...overrides,
})

export function incidentJson(id: string, body: Record<string, unknown>) {
  const now = new Date().toISOString()
  return {
    id,
    createdAt: now,
    updatedAt: now,
    version: 1,
    communityId: body.communityId ?? null,
    communityName: null,
    title: body.title,
    titleKm: null,
    kind: body.kind,
    status: 'reported',
    severity: 'medium',
    perpetratorKind: 'unknown',
    perpetratorName: null,
    occurredAt: body.occurredAt ?? now,
    occurredPrecision: body.occurredPrecision ?? 'day',
    householdsAffected: null,
    peopleAffected: null,
    description: null,
    province: 'Kampong Speu',
    district: null,
    commune: null,
    village: null,
    location: body.location,
    affectedArea: null,
    affectedAreaHa: null,
    isConfidential: false,
    dismissalReason: null,
    verifiedAt: null,
    reportedBy: null,
    sourceUrl: null,
    sourceDate: null,
  }
}

export function evidenceJson(row: { id: string; sha256: string; incidentId: string }) {
  const now = new Date().toISOString()
  return {
    id: row.id,
    createdAt: now,
    updatedAt: now,
    version: 1,
    sha256: row.sha256,
    sizeBytes: 10,
    mediaType: 'image/jpeg',
    declaredType: 'image/jpeg',
    originalFilename: 'x.jpg',
    title: 'x.jpg',
    description: null,
    capturedAt: null,
    capturedAtText: null,
    capturedBy: null,
    location: null,
    cameraMake: null,
    cameraModel: null,
    orientation: null,
    pageCount: null,
    durationSeconds: null,
    hasThumbnail: false,
    isConfidential: false,
    incidentId: row.incidentId,
    caseId: null,
    parcelId: null,
    communityId: null,
    activityId: null,
    uploadedByUserId: null,
    purgedAt: null,
  }
}
