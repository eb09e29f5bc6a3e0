// Each analysis is a subject (404 when unknown or deleted) and two overlap measurements.
import type { Db } from '../../../db/open.ts'
import type { CommunityOverlaps, ConcessionOverlaps, ParcelConflicts } from '../../../shared/overlaps.ts'
import { notFound } from '../../lib/app-error.ts'
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

export async function measureConcessionOverlaps(db: Db, id: string): Promise<ConcessionOverlaps> {
  const concession = await findConcessionSubject(db, id)
  if (!concession) throw notFound('concession', id)
  return {
    concession,
    communities: await findTerritoriesUnderConcession(db, id),
    parcels: await findParcelsUnderConcession(db, id),
  }
}

export async function measureCommunityOverlaps(db: Db, id: string): Promise<CommunityOverlaps> {
  const community = await findCommunitySubject(db, id)
  if (!community) throw notFound('community', id)
  return {
    community,
    concessions: await findConcessionsOnTerritory(db, id),
    parcels: await findConcessionsOnCommunityParcels(db, id),
  }
}

export async function measureParcelConflicts(db: Db, id: string): Promise<ParcelConflicts> {
  const parcel = await findParcelSubject(db, id)
  if (!parcel) throw notFound('parcel', id)
  return {
    parcel,
    parcels: await findParcelsOverlappingParcel(db, id),
    concessions: await findConcessionsOverlappingParcel(db, id),
  }
}
