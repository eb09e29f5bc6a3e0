// Where concessions, community territories and parcels overlap. Areas are computed by PostGIS on
// the WGS 84 ellipsoid, in hectares; lists are sorted by overlap area, largest first. Shapes that
// only touch (a shared edge or corner, no area in common) are not overlaps.
import { z } from 'zod'
import { Uuid } from './common.ts'
import { ConcessionKind } from './concessions.ts'

const overlapHa = z.number().nonnegative().describe('Area in common, in hectares')
const percentOf = (what: string) => z.number().min(0).max(100).describe(`Area in common as a percentage of ${what}`)

const concessionFacts = {
  concessionId: Uuid,
  concessionName: z.string(),
  kind: ConcessionKind,
  company: z.string().nullable(),
  concessionAreaHa: z.number().nonnegative(),
}

const parcelFacts = {
  parcelId: Uuid,
  parcelLabel: z.string(),
  parcelAreaHa: z.number().nonnegative(),
  communityId: Uuid,
  communityName: z.string(),
}

/**
 * A concession known only as a point (no boundary published) near the land asked about: its
 * overlap cannot be measured, and none is guessed from the point and the declared area.
 */
export const ConcessionBoundaryUnknown = z.object({
  concessionId: Uuid,
  concessionName: z.string(),
  kind: ConcessionKind,
  company: z.string().nullable(),
  /** The largest area a source declared, if any. */
  declaredAreaHa: z.number().positive().nullable(),
  /** From the land asked about to the concession's published point; 0 when the point lies on it. */
  distanceKm: z.number().nonnegative(),
})
export type ConcessionBoundaryUnknown = z.infer<typeof ConcessionBoundaryUnknown>

/** How far from a territory or parcel a point-only concession is listed as "boundary unknown". */
export const BOUNDARY_UNKNOWN_RADIUS_KM = 10

// ---- GET /api/concessions/:id/overlaps ----------------------------------------------------

export const TerritoryOverlap = z.object({
  communityId: Uuid,
  communityName: z.string(),
  territoryAreaHa: z.number().nonnegative(),
  overlapHa,
  overlapPercent: percentOf("the community's territory"),
})
export type TerritoryOverlap = z.infer<typeof TerritoryOverlap>

export const ParcelOverlap = z.object({ ...parcelFacts, overlapHa, overlapPercent: percentOf('the parcel') })
export type ParcelOverlap = z.infer<typeof ParcelOverlap>

export const ConcessionOverlaps = z.object({
  concession: z.object({
    id: Uuid,
    name: z.string(),
    kind: ConcessionKind,
    company: z.string().nullable(),
    areaHa: z.number().nullable(),
    /** False for a concession known only as a point: no overlap can be measured, the lists are empty. */
    isBoundaryKnown: z.boolean(),
  }),
  communities: z.array(TerritoryOverlap),
  parcels: z.array(ParcelOverlap),
})
export type ConcessionOverlaps = z.infer<typeof ConcessionOverlaps>

// ---- GET /api/communities/:id/overlaps ----------------------------------------------------

export const ConcessionOnTerritory = z.object({ ...concessionFacts, overlapHa, overlapPercent: percentOf("the community's territory") })
export type ConcessionOnTerritory = z.infer<typeof ConcessionOnTerritory>

export const ConcessionOnParcel = z.object({
  ...concessionFacts,
  parcelId: Uuid,
  parcelLabel: z.string(),
  parcelAreaHa: z.number().nonnegative(),
  overlapHa,
  overlapPercent: percentOf('the parcel'),
})
export type ConcessionOnParcel = z.infer<typeof ConcessionOnParcel>

export const CommunityOverlaps = z.object({
  community: z.object({ id: Uuid, name: z.string(), territoryAreaHa: z.number().nullable() }),
  /** Concessions over the community's territory; empty when no territory is mapped. */
  concessions: z.array(ConcessionOnTerritory),
  /** One entry per (parcel, concession) pair, for the community's own parcels. */
  parcels: z.array(ConcessionOnParcel),
  /** Point-only concessions within BOUNDARY_UNKNOWN_RADIUS_KM of the territory (or of the community's location). */
  boundaryUnknown: z.array(ConcessionBoundaryUnknown),
})
export type CommunityOverlaps = z.infer<typeof CommunityOverlaps>

// ---- GET /api/parcels/:id/conflicts -------------------------------------------------------

/**
 * A community representative sees another community's conflicting parcel without its label and
 * community name (absent): that their land is contested, and by how much, not whose claim it is.
 */
export const ConflictingParcel = z.object({
  ...parcelFacts,
  parcelLabel: parcelFacts.parcelLabel.optional(),
  communityName: parcelFacts.communityName.optional(),
  overlapHa,
  overlapPercent: percentOf('this parcel'),
})
export type ConflictingParcel = z.infer<typeof ConflictingParcel>

export const ConflictingConcession = z.object({ ...concessionFacts, overlapHa, overlapPercent: percentOf('this parcel') })
export type ConflictingConcession = z.infer<typeof ConflictingConcession>

export const ParcelConflicts = z.object({
  parcel: z.object({ id: Uuid, label: z.string(), communityId: Uuid, communityName: z.string(), areaHa: z.number() }),
  /** Other parcels, of any community, that claim some of the same land (another community's without label or name, for representatives). */
  parcels: z.array(ConflictingParcel),
  concessions: z.array(ConflictingConcession),
  /** Point-only concessions within BOUNDARY_UNKNOWN_RADIUS_KM of the parcel. */
  boundaryUnknown: z.array(ConcessionBoundaryUnknown),
})
export type ParcelConflicts = z.infer<typeof ParcelConflicts>
