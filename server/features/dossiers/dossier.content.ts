// What goes into a dossier: the records the viewer may see, redacted as the effective options say.
// Everything the HTML, the map, case.json and case.geojson show comes from DossierContent, so a
// field dropped here is dropped everywhere.
import type { Db } from '../../../db/open.ts'
import { findPlaceNamesKm } from '../../lib/place-names.queries.ts'
import type { TimelineItem } from '../../../shared/cases.ts'
import type { DossierBody, DossierRedaction, DossierTarget } from '../../../shared/dossiers.ts'
import type { MultiPolygonGeometry, PointGeometry } from '../../../shared/geo.ts'
import type { CaseEventKind, DatePrecision, IncidentKind } from '../../../shared/vocabularies.ts'
import { canSeeConfidential, canSeeContacts, canSeeExactLocation, canSeePrivilegedNotes, type Viewer } from '../../lib/policy.ts'
import { IMAGE_TYPES } from '../evidence/evidence.metadata.ts'
import { readCaseTimeline } from '../cases/case-timeline.service.ts'
import { mapWindowOf } from './dossier.map-svg.ts'
import { emptyPlaceNamesKm, type PlaceNamesKm } from '../../lib/place-names.ts'
import {
  communitiesOfCase,
  findAdminOutlines,
  findCaseForDossier,
  findCasePartiesForDossier,
  findCasesOfCommunity,
  findCommunitiesForDossier,
  findCommunityPeopleForDossier,
  findConcessionsTouching,
  findEvidenceForDossier,
  findIncidentsForDossier,
  findParcelsForDossier,
  communityWithId,
  incidentsOfCase,
  incidentsOfCommunity,
  parcelsOfCommunity,
  parcelsOfCase,
  type AdminOutline,
  type DossierPersonRow,
} from './dossiers.queries.ts'

/** The user's request, limited by what their role allows. */
export function effectiveRedaction(viewer: Viewer, body: DossierBody): DossierRedaction {
  return {
    includePrivilegedNotes: body.includePrivilegedNotes && canSeePrivilegedNotes(viewer),
    coarsenLocations: body.coarsenLocations,
    keepPhotoGps: body.keepPhotoGps && canSeeExactLocation(viewer),
    confidentialPeopleAsInitials: true,
    includeConfidentialRecords: canSeeConfidential(viewer),
    includeEvidenceLocations: canSeeExactLocation(viewer),
    omitPartyContacts: body.omitPartyContacts || !canSeeContacts(viewer),
  }
}

export interface DossierParty {
  name: string
  nameKm: string | null
  role: string
  description: string | null
  isConfidential: boolean
  phone?: string | null
  email?: string | null
  address?: string | null
}

export interface DossierEvidence {
  id: string
  title: string
  description: string | null
  originalFilename: string | null
  mediaType: string
  sizeBytes: number
  /** Of the stored original. */
  sha256: string
  capturedAt: string | null
  capturedAtText: string | null
  capturedBy: string | null
  location: PointGeometry | null
  /** The image goes into the ZIP re-encoded without metadata (GPS included). */
  isGpsStripped: boolean
  /** Its path inside the ZIP, relative to index.html. */
  zipPath: string
}

export interface DossierContent {
  target: DossierTarget
  targetId: string
  title: string
  titleKm: string | null
  reference: string | null
  /** Label → value, in display order (labels are keys translated by the HTML). */
  facts: [string, string | number | null][]
  summary: string | null
  privilegedNotes?: string | null
  parties: DossierParty[]
  communities: {
    id: string
    name: string
    nameKm: string | null
    province: string
    village: string | null
    households: number | null
    members: number | null
    territoryAreaHa: number | null
    location: PointGeometry
    territory: MultiPolygonGeometry | null
  }[]
  parcels: {
    id: string
    label: string
    landUse: string
    tenure: string
    households: number | null
    areaHa: number
    boundary: MultiPolygonGeometry
  }[]
  concessions: {
    id: string
    name: string
    nameKm: string | null
    kind: string
    company: string | null
    areaHa: number
    boundary: MultiPolygonGeometry
  }[]
  incidents: {
    id: string
    title: string
    titleKm: string | null
    kind: string
    status: string
    /** Show with formatPreciseDate: a month, a year or an unknown date is stored as an instant too. */
    occurredAt: string
    occurredPrecision: DatePrecision
    householdsAffected: number | null
    description: string | null
    location: PointGeometry
  }[]
  cases: { id: string; reference: string; title: string; titleKm: string | null; stage: string; openedOn: string }[]
  /** In date order; incidents of unknown date last (their instant is only when they were reported). */
  timeline: {
    at: string
    precision: DatePrecision
    type: 'incident' | 'event' | 'stage' | 'case' | 'evidence'
    /** The record's id (a case's entries are those of GET /api/cases/:id/timeline, one for one). */
    id?: string
    /** An event's kind (hearing, deadline…): the timeline names it. */
    eventKind?: CaseEventKind
    /** An incident's kind (land grabbing, fencing…): the timeline names it too. */
    incidentKind?: IncidentKind
    /** Evidence: captured, or the chain-of-custody action (create = upload, download, update, delete). */
    evidenceAction?: string
    /** Evidence custody entries: who acted, as the viewer may know them. */
    actorLabel?: string | null
    title: string
  }[]
  evidence: DossierEvidence[]
  statistics: { households: number; hectares: number; incidentsByKind: Record<string, number> }
  /** Province and commune borders around the map's shapes (filled by addPlaceContext). */
  adminOutlines: AdminOutline[]
  /** Khmer names of the places the dossier names (filled by addPlaceContext). */
  placeNamesKm: PlaceNamesKm
}

/** ~1 km: 0.01° of latitude is 1.1 km, of longitude at Cambodia's latitudes ~1.08 km. */
export const coarsen = (point: PointGeometry): PointGeometry => ({
  type: 'Point',
  coordinates: [Math.round(point.coordinates[0] * 100) / 100, Math.round(point.coordinates[1] * 100) / 100],
})

/** "Sok Chea" → "S. C." — enough for the record to say someone is there, not who. */
export function initialsOf(name: string): string {
  return name
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => `${Array.from(word)[0]}.`)
    .join(' ')
}

function toParty(row: DossierPersonRow, viewer: Viewer): DossierParty {
  if (row.isConfidential) {
    return {
      name: initialsOf(row.fullName),
      nameKm: row.fullNameKm ? initialsOf(row.fullNameKm) : null,
      role: row.role,
      description: null,
      isConfidential: true,
    }
  }
  const base = { name: row.fullName, nameKm: row.fullNameKm, role: row.role, description: row.description, isConfidential: false }
  return canSeeContacts(viewer) ? { ...base, phone: row.phone, email: row.email, address: row.address } : base
}

/** Communes are drawn only on a map this close (about 55 km across); wider, they would hide the shapes. */
const COMMUNE_OUTLINES_MAX_SPAN_DEG = 0.5

/**
 * What places the dossier is about, from admin_areas: the Khmer names of its provinces, districts
 * and communes, and the borders to draw under the map. Only the export job needs them.
 */
export async function addPlaceContext(db: Db, content: DossierContent): Promise<void> {
  const facts = Object.fromEntries(content.facts)
  const named = [facts.district, facts.commune].filter((name): name is string => typeof name === 'string' && name !== '')
  const found = await findPlaceNamesKm(db, named)
  for (const level of [1, 2, 3] as const) Object.assign(content.placeNamesKm[level], found[level])
  const map = mapWindowOf(content)
  if (!map) return
  const [west, south, east, north] = map.window
  const levels = Math.max(east - west, north - south) <= COMMUNE_OUTLINES_MAX_SPAN_DEG ? [1, 3] : [1]
  content.adminOutlines = await findAdminOutlines(db, map.window, levels, map.degreesPerPixel)
}

/** undefined when the viewer may not see the target (the route answers 404). */
export async function gatherDossier(
  db: Db,
  target: DossierTarget,
  targetId: string,
  viewer: Viewer,
  redaction: DossierRedaction,
): Promise<DossierContent | undefined> {
  const content = target === 'case' ? await gatherCase(db, targetId, viewer) : await gatherCommunity(db, targetId, viewer)
  if (!content) return undefined
  if (!redaction.includePrivilegedNotes) delete content.privilegedNotes
  if (redaction.omitPartyContacts) {
    content.parties = content.parties.map(({ phone: _phone, email: _email, address: _address, ...party }) => party)
  }
  if (redaction.coarsenLocations) {
    for (const community of content.communities) community.location = coarsen(community.location)
    for (const incident of content.incidents) incident.location = coarsen(incident.location)
  }
  content.evidence = content.evidence.map((item) => ({
    ...item,
    location:
      !redaction.includeEvidenceLocations || !item.location ? null : redaction.coarsenLocations ? coarsen(item.location) : item.location,
    isGpsStripped: IMAGE_TYPES.has(item.mediaType) && !redaction.keepPhotoGps,
  }))
  assignZipPaths(content.evidence)
  return content
}

async function gatherCase(db: Db, caseId: string, viewer: Viewer): Promise<DossierContent | undefined> {
  const row = await findCaseForDossier(db, caseId, viewer)
  if (!row) return undefined
  const communityRows = await findCommunitiesForDossier(db, communitiesOfCase(caseId), viewer)
  const parcelRows = await findParcelsForDossier(db, parcelsOfCase(caseId))
  const incidentRows = await findIncidentsForDossier(db, incidentsOfCase(caseId), viewer)
  const parties = await findCasePartiesForDossier(db, caseId, viewer)
  const concessionRows = await findConcessionsTouching(
    db,
    parcelRows.map((p) => p.id),
    communityRows.map((c) => c.id),
  )
  const evidenceRows = await findEvidenceForDossier(
    db,
    {
      caseIds: [caseId],
      incidentIds: incidentRows.map((i) => i.id),
      parcelIds: parcelRows.map((p) => p.id),
      communityIds: [],
    },
    viewer,
  )
  // The API's timeline, entry for entry and in its order: one query serves the page, the API and this.
  const timeline = (await readCaseTimeline(db, caseId, viewer)).map(dossierTimelineEntry)
  return {
    target: 'case',
    targetId: caseId,
    title: row.title,
    titleKm: row.titleKm,
    reference: row.reference,
    facts: [
      ['reference', row.reference],
      ['kind', row.kind],
      ['stage', row.stage],
      ['forum', row.forum],
      ['leadLawyer', row.leadLawyer],
      ['province', row.province],
      ['openedOn', row.openedOn],
      ['closedOn', row.closedOn],
      ['outcome', row.outcome],
    ],
    summary: row.summary,
    privilegedNotes: row.privilegedNotes,
    parties: parties.map((p) => toParty(p, viewer)),
    communities: communityRows.map(toCommunity),
    parcels: parcelRows,
    concessions: concessionRows,
    incidents: incidentRows.map(toIncident),
    cases: [],
    timeline,
    evidence: evidenceRows.map(toEvidence),
    adminOutlines: [],
    placeNamesKm: emptyPlaceNamesKm(),
    statistics: statistics(
      communityRows.reduce((sum, c) => sum + (c.households ?? 0), 0),
      parcelRows.reduce((sum, p) => sum + p.areaHa, 0),
      incidentRows,
    ),
  }
}

async function gatherCommunity(db: Db, communityId: string, viewer: Viewer): Promise<DossierContent | undefined> {
  const [row] = await findCommunitiesForDossier(db, communityWithId(communityId), viewer)
  if (!row) return undefined
  const parcelRows = await findParcelsForDossier(db, parcelsOfCommunity(communityId))
  const incidentRows = await findIncidentsForDossier(db, incidentsOfCommunity(communityId), viewer)
  const people = await findCommunityPeopleForDossier(db, communityId, viewer)
  const caseRows = await findCasesOfCommunity(db, communityId, viewer)
  const concessionRows = await findConcessionsTouching(
    db,
    parcelRows.map((p) => p.id),
    [communityId],
  )
  const evidenceRows = await findEvidenceForDossier(
    db,
    {
      caseIds: caseRows.map((c) => c.id),
      incidentIds: incidentRows.map((i) => i.id),
      parcelIds: parcelRows.map((p) => p.id),
      communityIds: [communityId],
    },
    viewer,
  )
  const timeline: DossierContent['timeline'] = [
    ...incidentRows.map(incidentEntry),
    ...caseRows.map((c) => ({
      at: `${c.openedOn}T00:00:00.000Z`,
      precision: 'day' as const,
      type: 'case' as const,
      title: `${c.reference} ${c.title}`,
    })),
  ].sort(timelineOrder)
  const hectares = row.territoryAreaHa ?? parcelRows.reduce((sum, p) => sum + p.areaHa, 0)
  return {
    target: 'community',
    targetId: communityId,
    title: row.name,
    titleKm: row.nameKm,
    reference: null,
    facts: [
      ['kind', row.kind],
      ['status', row.status],
      ['province', row.province],
      ['district', row.district],
      ['commune', row.commune],
      ['village', row.village],
      ['households', row.households],
      ['members', row.members],
    ],
    summary: row.description,
    parties: people.map((p) => toParty(p, viewer)),
    communities: [toCommunity(row)],
    parcels: parcelRows,
    concessions: concessionRows,
    incidents: incidentRows.map(toIncident),
    cases: caseRows,
    timeline,
    evidence: evidenceRows.map(toEvidence),
    adminOutlines: [],
    placeNamesKm: emptyPlaceNamesKm(),
    statistics: statistics(row.households ?? 0, hectares, incidentRows),
  }
}

const toCommunity = (c: Awaited<ReturnType<typeof findCommunitiesForDossier>>[number]) => ({
  id: c.id,
  name: c.name,
  nameKm: c.nameKm,
  province: c.province,
  village: c.village,
  households: c.households,
  members: c.members,
  territoryAreaHa: c.territoryAreaHa,
  location: c.location,
  territory: c.territory,
})

type IncidentRow = Awaited<ReturnType<typeof findIncidentsForDossier>>[number]

function dossierTimelineEntry(item: TimelineItem): DossierContent['timeline'][number] {
  const base = { at: item.at.toISOString(), id: item.id }
  switch (item.type) {
    case 'incident':
      return { ...base, precision: item.occurredPrecision, type: 'incident', incidentKind: item.kind, title: item.title }
    case 'event':
      return {
        ...base,
        precision: 'day',
        type: 'event',
        eventKind: item.kind,
        title: item.location ? `${item.title} (${item.location})` : item.title,
      }
    case 'stage':
      return { ...base, precision: 'day', type: 'stage', title: item.fromStage ? `${item.fromStage} → ${item.toStage}` : item.toStage }
    case 'evidence':
      return { ...base, precision: 'day', type: 'evidence', evidenceAction: item.action, actorLabel: item.actorLabel, title: item.title }
  }
}

const incidentEntry = (i: IncidentRow): DossierContent['timeline'][number] => ({
  at: i.occurredAt.toISOString(),
  precision: i.occurredPrecision,
  type: 'incident',
  incidentKind: i.kind,
  title: i.title,
})

/** Date order, with undated incidents after everything dated rather than on the day they were reported. */
function timelineOrder(a: DossierContent['timeline'][number], b: DossierContent['timeline'][number]) {
  const isUndated = (entry: typeof a) => (entry.precision === 'unknown' ? 1 : 0)
  return isUndated(a) - isUndated(b) || a.at.localeCompare(b.at)
}

const toIncident = (i: IncidentRow) => ({
  id: i.id,
  title: i.title,
  titleKm: i.titleKm,
  kind: i.kind,
  status: i.status,
  occurredAt: i.occurredAt.toISOString(),
  occurredPrecision: i.occurredPrecision,
  householdsAffected: i.householdsAffected,
  description: i.description,
  location: i.location,
})

const toEvidence = (e: Awaited<ReturnType<typeof findEvidenceForDossier>>[number]): DossierEvidence => ({
  id: e.id,
  title: e.title,
  description: e.description,
  originalFilename: e.originalFilename,
  mediaType: e.mediaType,
  sizeBytes: e.sizeBytes,
  sha256: e.sha256,
  capturedAt: e.capturedAt?.toISOString() ?? null,
  capturedAtText: e.capturedAtText,
  capturedBy: e.capturedBy,
  location: e.location,
  isGpsStripped: false,
  zipPath: '',
})

function statistics(households: number, hectares: number, incidentRows: { kind: string }[]) {
  const incidentsByKind: Record<string, number> = {}
  for (const incident of incidentRows) incidentsByKind[incident.kind] = (incidentsByKind[incident.kind] ?? 0) + 1
  return { households, hectares: Math.round(hectares * 100) / 100, incidentsByKind }
}

const STRIPPED_EXTENSION: Record<string, string> = { 'image/png': 'png', 'image/webp': 'webp', 'image/gif': 'gif' }

/**
 * evidence/NNN-<safe name>: numbered so two files with one name never collide, and the name made
 * safe for every file system (Khmer letters stay). A stripped HEIC becomes a JPEG: so does its name.
 */
function assignZipPaths(items: DossierEvidence[]) {
  items.forEach((item, index) => {
    let name =
      (item.originalFilename ?? item.title)
        .normalize('NFC')
        // eslint-disable-next-line no-control-regex -- control characters are exactly what a ZIP entry name must not hold
        .replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '_')
        .replace(/^\.+/, '')
        .slice(0, 120) || 'file'
    if (item.isGpsStripped) {
      const extension = STRIPPED_EXTENSION[item.mediaType] ?? 'jpg'
      name = `${name.replace(/\.[^.]*$/, '')}.${extension}`
    }
    item.zipPath = `evidence/${String(index + 1).padStart(3, '0')}-${name}`
  })
}
