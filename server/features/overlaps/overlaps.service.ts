// Each analysis is a subject (404 when unknown, deleted or not the viewer's to see) and two
// overlap measurements, narrowed to what the viewer may see.
import type { Db } from '../../../db/open.ts'
import type { CommunityOverlaps, ConcessionOverlaps } from '../../../shared/overlaps.ts'
import { notFound } from '../../lib/app-error.ts'
import type { Viewer } from '../../lib/policy.ts'
import {
  findCommunitySubject,
  findConcessionSubject,
  findConcessionsOnCommunityParcels,
  findConcessionsOnTerritory,
  findConcessionsOverlappingParcel,
  findParcelsOverlappingParcel,
  findParcelsUnderConcession,
  findParcelSubject,
  findPointConcessionsNearCommunity,
  findPointConcessionsNearParcel,
  findTerritoriesUnderConcession,
} from './overlaps.queries.ts'

/** Concessions are public; the territories and parcels under one are scoped to the viewer. */
export async function measureConcessionOverlaps(db: Db, id: string, viewer: Viewer): Promise<ConcessionOverlaps> {
  const concession = await findConcessionSubject(db, id)
  if (!concession) throw notFound('concession', id)
  return {
    concession,
    communities: concession.isBoundaryKnown ? await findTerritoriesUnderConcession(db, id, viewer) : [],
    parcels: concession.isBoundaryKnown ? await findParcelsUnderConcession(db, id, viewer) : [],
  }
}

export async function measureCommunityOverlaps(db: Db, id: string, viewer: Viewer): Promise<CommunityOverlaps> {
  const community = await findCommunitySubject(db, id, viewer)
  if (!community) throw notFound('community', id)
  return {
    community,
    concessions: await findConcessionsOnTerritory(db, id),
    parcels: await findConcessionsOnCommunityParcels(db, id),
    boundaryUnknown: await findPointConcessionsNearCommunity(db, id),
  }
}

/**
 * A representative's parcel may be contested by another community's: those conflicts are kept
 * (the overlap is a fact about their own land); the route drops the other claim's label and
 * community name, which are not theirs to read (maskOverlappingParcel).
 */
export async function measureParcelConflicts(db: Db, id: string, viewer: Viewer) {
  const parcel = await findParcelSubject(db, id, viewer)
  if (!parcel) throw notFound('parcel', id)
  return {
    parcel,
    parcels: await findParcelsOverlappingParcel(db, id),
    concessions: await findConcessionsOverlappingParcel(db, id),
    boundaryUnknown: await findPointConcessionsNearParcel(db, id),
  }
}
