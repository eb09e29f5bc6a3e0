// The analyses hang off the concession, community and parcel they are about: one plugin for each
// of those prefixes (see app.ts).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { IdParams } from '../../../shared/common.ts'
import { CommunityOverlaps, ConcessionOverlaps, ParcelConflicts } from '../../../shared/overlaps.ts'
import { measureCommunityOverlaps, measureConcessionOverlaps, measureParcelConflicts } from './overlaps.service.ts'
import { maskOverlappingParcel } from '../../lib/policy.ts'
import { signedInViewer } from '../../lib/security.ts'

const tags = ['overlaps']
// Analyses are reads; each one is scoped to the viewer in the service (see overlaps.service.ts).
const config = { permission: 'land.read' } as const

/** At /api/concessions. */
export const concessionOverlapsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/:id/overlaps',
    {
      config,
      schema: {
        tags,
        summary: 'Community territories and parcels a concession overlaps, with hectares and % of each',
        params: IdParams,
        response: { 200: ConcessionOverlaps },
      },
    },
    async (req) => measureConcessionOverlaps(req.db, req.params.id, signedInViewer(req)),
  )
}

/** At /api/communities. */
export const communityOverlapsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/:id/overlaps',
    {
      config,
      schema: {
        tags,
        summary: "Concessions overlapping a community's territory and parcels, with hectares and % of each",
        params: IdParams,
        response: { 200: CommunityOverlaps },
      },
    },
    async (req) => measureCommunityOverlaps(req.db, req.params.id, signedInViewer(req)),
  )
}

/** At /api/parcels. */
export const parcelConflictsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/:id/conflicts',
    {
      config,
      schema: {
        tags,
        summary: 'Other parcels and concessions claiming some of the same land as a parcel',
        params: IdParams,
        response: { 200: ParcelConflicts },
      },
    },
    async (req): Promise<ParcelConflicts> => {
      const viewer = signedInViewer(req)
      const conflicts = await measureParcelConflicts(req.db, req.params.id, viewer)
      return { ...conflicts, parcels: conflicts.parcels.map((row) => maskOverlappingParcel(viewer, row)) }
    },
  )
}
