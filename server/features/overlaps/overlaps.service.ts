// Each analysis is a subject (404 when unknown, deleted or not the viewer's to see) and two
// overlap measurements, narrowed to what the viewer may see.
import type { Db } from '../../../db/open.ts'
import type { CommunityOverlaps, ConcessionOverlaps, ParcelConflicts } from '../../../shared/overlaps.ts'
import { notFound } from '../../lib/app-error.ts'
import { visibleOverlappingParcel, type Viewer } from '../../lib/policy.ts'
import {
  findCommunitySubject,
  findConcessionSubject,
  findConcessionsOnCommunityParcels,
  findConcessionsOnTerritory,
  findConcessionsOverlappingParcel,
  findParcelsOverlappingParcel,
  findParcelsUnderConcession,
  findParcelSubject,
  findTerritoriesUnderConcession,
} from './overlaps.queries.ts'

/** Concessions are public; the territories and parcels under one are scoped to the viewer. */
export async function measureConcessionOverlaps(db: Db, id: string, viewer: Viewer): Promise<ConcessionOverlaps> {
  const concession = await findConcessionSubject(db, id)
  if (!concession) throw notFound('concession', id)
  return {
    concession,
    communities: await findTerritoriesUnderConcession(db, id, viewer),
    parcels: await findParcelsUnderConcession(db, id, viewer),
  }
}

export async function measureCommunityOverlaps(db: Db, id: string, viewer: Viewer): Promise<CommunityOverlaps> {
  const community = await findCommunitySubject(db, id, viewer)
  if (!community) throw notFound('community', id)
  return {
    community,
    concessions: await findConcessionsOnTerritory(db, id),
    parcels: await findConcessionsOnCommunityParcels(db, id),
  }
}

/**
 * A representative's parcel may be contested by another community's: those conflicts are kept
 * (the overlap is a fact about their own land) but without the other claim's label or community
 * name, which are not theirs to read.
 */
export async function measureParcelConflicts(db: Db, id: string, viewer: Viewer): Promise<ParcelConflicts> {
  const parcel = await findParcelSubject(db, id, viewer)
  if (!parcel) throw notFound('parcel', id)
  const parcels = await findParcelsOverlappingParcel(db, id)
  return {
    parcel,
    parcels: parcels.map((row) => visibleOverlappingParcel(viewer, row)),
    concessions: await findConcessionsOverlappingParcel(db, id),
  }
}
