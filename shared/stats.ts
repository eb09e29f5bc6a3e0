// The figures advocacy reports are built from. Every number counts live (not deleted) rows only.
import { z } from 'zod'
import { Count } from './common.ts'
import { dateRangeFields, placeQueryFields } from './list.ts'
import { Participants } from './activities.ts'
import { ProgramTarget } from './targets.ts'
import type { TitleStatus } from './vocabularies.ts'

/**
 * `from`/`to` (inclusive; a bare date is a whole day in Cambodia's time zone) select incidents by
 * when they occurred and legal cases by the day they were opened. Communities and land are counted
 * as they are now. `province` (the name as stored, e.g. "Ratanak Kiri") narrows everything: incidents,
 * communities and cases by their own province, land by the province of the community it belongs to.
 * Targets are those whose plan period includes the year of `to` (in Cambodia), or the current
 * year without `to`, with their progress as of today (see shared/targets.ts).
 * Every figure counts only rows the viewer may read (advocates: no confidential incidents).
 */
export const StatsQuery = z.object({
  ...dateRangeFields,
  province: placeQueryFields.province,
})
export type StatsQuery = z.infer<typeof StatsQuery>

/** One bar of a chart: a value of the dimension and how many rows have it. */
export const Tally = z.object({ key: z.string(), count: Count })
export type Tally = z.infer<typeof Tally>

/**
 * Land "under dispute": parcels whose title status is this, or that are linked to a legal case
 * that is not closed. Overlapping parcels count once: the area is that of their union.
 */
export const DISPUTED_TITLE_STATUS: TitleStatus = 'disputed'

export const Stats = z.object({
  period: z.object({
    from: z.string().nullable(),
    to: z.string().nullable(),
    province: z.string().nullable(),
    /** The year whose program targets are reported. */
    targetYear: z.number().int(),
    /**
     * The land figures include every change saved before this instant (ISO 8601). They are kept
     * ahead of time and brought up to date on each request; after a bulk import the catch-up
     * runs in the background, and this says how far it has got.
     */
    landAsOf: z.string(),
  }),
  incidents: z.object({
    total: Count,
    /** Every vocabulary value, zeros included, in vocabulary order. */
    byKind: z.array(Tally),
    byStatus: z.array(Tally),
    /** Provinces with at least one incident, most first. */
    byProvince: z.array(Tally),
    /** 'YYYY-MM' of when incidents occurred, in Cambodia's time zone; months with incidents, in order. */
    byMonth: z.array(Tally),
    /** Sums over incidents that were not dismissed; an unknown count adds nothing. */
    householdsAffected: Count,
    peopleAffected: Count,
    /** Incidents by kind over time: 'YYYY-MM' × kind, only the pairs with incidents, in month order. */
    byMonthKind: z.array(z.object({ month: z.string(), kind: z.string(), count: Count })),
  }),
  /** Activities that began in the period (from/to), in the province. */
  activities: z.object({
    total: Count,
    /** Every activity kind, zeros included, in vocabulary order. */
    byKind: z.array(Tally),
    participants: Participants,
  }),
  /**
   * Women in leadership (from communities' committee members holding their role now, in the
   * province): leaders are chairs and deputy chairs (LEADERSHIP_ROLES).
   */
  leadership: z.object({
    committeeMembers: Count,
    womenMembers: Count,
    leaders: Count,
    womenLeaders: Count,
    /** Communities with a woman chair. */
    communitiesLedByWomen: Count,
    /** Communities with at least one current committee member recorded. */
    communitiesWithCommittee: Count,
  }),
  communities: z.object({
    total: Count,
    byKind: z.array(Tally),
    byStatus: z.array(Tally),
    byProvince: z.array(Tally),
  }),
  cases: z.object({
    total: Count,
    byStage: z.array(Tally),
    byKind: z.array(Tally),
    /** Every result (CASE_RESULTS) then 'pending' (no result yet), zeros included. */
    byResult: z.array(Tally),
  }),
  /** Hectares, computed by PostGIS on the WGS 84 ellipsoid (geography). */
  land: z.object({
    /** Area of the union of the parcels under dispute (see DISPUTED_TITLE_STATUS). */
    disputedHa: z.number().nonnegative(),
    disputedParcels: Count,
    /** Area of the union of community territories and parcels. */
    communityLandHa: z.number().nonnegative(),
    /** The part of that community land that lies inside any live concession (their union). */
    concessionOverlapHa: z.number().nonnegative(),
    /**
     * Land secured: the union of parcels with a title (titleStatus registered, or tenure
     * private_title or communal_land_title) that are not under dispute.
     */
    securedHa: z.number().nonnegative(),
    securedParcels: Count,
  }),
  /** Only for roles that may read program targets (advocates and admins); absent otherwise. */
  targets: z.array(ProgramTarget).optional(),
})
export type Stats = z.infer<typeof Stats>
