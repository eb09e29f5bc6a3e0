// Program targets as rules over the data: what a rule created through the API counts (and never
// counts), progress by year and province, the drill-down to the records, and pace against a
// controlled clock at the start, middle and end of a year.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type communities } from '../../db/schema/index.ts'
import { TARGET_PRESETS, type ProgramTarget } from '../../shared/targets.ts'
import { listTargetProgress } from '../../server/features/targets/targets.service.ts'
import { makeCommunity } from '../helpers/factories.ts'
import { collectAllPages, problemOf } from '../helpers/http.ts'
import { createTarget, makeActivity, makePlan, recordsOf, targetBody, targetOf } from '../helpers/targets.ts'
import { createTestApp, type TestApp } from '../helpers/test-app.ts'
import { testDriver } from '../helpers/test-db.ts'

const START_OF_2026 = new Date('2026-01-01T03:00:00Z')
/** 2 July 2026 at noon in Phnom Penh: day 183 of 365. */
const MIDDLE_OF_2026 = new Date('2026-07-02T05:00:00Z')
const END_OF_2026 = new Date('2026-12-31T10:00:00Z')
const MIDDLE_OF_2027 = new Date('2027-07-02T05:00:00Z')

const DELETED = new Date('2026-06-01T00:00:00Z')

const strengthened = TARGET_PRESETS.communities_strengthened.rule
const newLandCommunities = TARGET_PRESETS.new_land_communities.rule
const communityPlans = TARGET_PRESETS.community_plans.rule

const namesOf = (records: { name: string }[]) => records.map((record) => record.name).sort()

describe(`program targets: what a rule counts, on ${testDriver}`, () => {
  let t: TestApp

  /**
   * Communities of several kinds, statuses and founding years, with trainings, meetings and plans
   * around them; each near miss says in its name why it must not count.
   */
  beforeAll(async () => {
    t = await createTestApp({ now: () => MIDDLE_OF_2026 })
    const community = async (name: string, overrides: Partial<typeof communities.$inferInsert>) =>
      (await makeCommunity(t.db, { name, status: 'active', establishedYear: 2010, province: 'Kampot', ...overrides })).id
    const activity = (overrides: Parameters<typeof makeActivity>[1]) => makeActivity(t.db, { province: 'Kampot', ...overrides })
    const trainings = async (communityId: string, days: string[], overrides: Parameters<typeof makeActivity>[1] = {}) => {
      for (const day of days)
        await activity({ kind: 'training', topic: 'land_law', startedOn: day, communityIds: [communityId], ...overrides })
    }

    // New land communities of the 2026–2030 plan.
    await community('New land', { kind: 'land_community', establishedYear: 2026, province: 'Ratanakiri' })
    await community('New indigenous', {
      kind: 'indigenous_community',
      status: 'strengthening',
      establishedYear: 2026,
      province: 'Mondulkiri',
    })
    await community('New but forming', { kind: 'land_community', status: 'forming', establishedYear: 2026, province: 'Ratanakiri' })
    await community('Founded after today', { kind: 'land_community', establishedYear: 2027 })
    await community('New but deleted', { kind: 'land_community', establishedYear: 2026, deletedAt: DELETED })
    await community('New women', { kind: 'womens_group', establishedYear: 2026 })

    // Strengthened: at least two trainings in a year and an agreed plan for that year.
    const network = await community('Network', { kind: 'provincial_network', establishedYear: 2020, province: 'Ratanakiri' })
    await activity({
      title: 'Network land law',
      kind: 'training',
      topic: 'land_law',
      startedOn: '2026-03-05',
      province: 'Ratanakiri',
      participantsWomen: 10,
      participantsMen: 5,
      participantsYouth: 4,
      communityIds: [network],
    })
    await activity({
      title: 'Network leadership',
      kind: 'training',
      topic: 'leadership',
      startedOn: '2026-05-20',
      province: 'Ratanakiri',
      participantsWomen: 3,
      participantsMen: 7,
      communityIds: [network],
    })
    await makePlan(t.db, network, 2026, 'adopted')

    const founded2025 = await community('Founded 2025', { kind: 'land_community', establishedYear: 2025 })
    await trainings(founded2025, ['2026-01-20', '2026-02-20'], { title: 'Founded 2025 training' })
    await makePlan(t.db, founded2025, 2026, 'adopted')

    const unknownYear = await community('Strong in 2025', { kind: 'land_community', establishedYear: null, province: 'Mondulkiri' })
    await activity({
      title: '2025 land law',
      kind: 'training',
      topic: 'land_law',
      startedOn: '2025-04-01',
      province: 'Mondulkiri',
      participantsWomen: 6,
      participantsMen: 6,
      participantsYouth: 1,
      communityIds: [unknownYear],
    })
    await activity({
      title: '2025 advocacy',
      kind: 'training',
      topic: 'advocacy',
      startedOn: '2025-08-15',
      province: 'Mondulkiri',
      communityIds: [unknownYear],
    })
    await makePlan(t.db, unknownYear, 2025, 'in_progress')

    const draftPlan = await community('Draft plan only', {
      kind: 'indigenous_community',
      status: 'strengthening',
      establishedYear: 2019,
      province: 'Mondulkiri',
    })
    await activity({
      title: 'Youth land law',
      kind: 'training',
      topic: 'land_law',
      startedOn: '2026-02-01',
      province: 'Mondulkiri',
      participantsWomen: 5,
      participantsYouth: 5,
      communityIds: [draftPlan],
    })
    await activity({
      title: 'Men land law',
      kind: 'training',
      topic: 'land_law',
      startedOn: '2026-02-02',
      province: 'Mondulkiri',
      participantsMen: 4,
      communityIds: [draftPlan],
    })
    await makePlan(t.db, draftPlan, 2026, 'draft')

    const oneTraining = await community('One training and a meeting', { kind: 'land_community' })
    await activity({
      title: 'Single training',
      kind: 'training',
      topic: 'advocacy',
      startedOn: '2026-04-04',
      participantsWomen: 1,
      participantsMen: 1,
      communityIds: [oneTraining],
    })
    await activity({
      title: 'Big meeting',
      kind: 'meeting',
      startedOn: '2026-04-05',
      participantsWomen: 20,
      participantsMen: 20,
      participantsYouth: 10,
      communityIds: [oneTraining],
    })
    await makePlan(t.db, oneTraining, 2026, 'adopted')

    const deletedTraining = await community('Second training deleted', { kind: 'land_community' })
    await trainings(deletedTraining, ['2026-03-03'], { title: 'Kept training', participantsWomen: 2, participantsMen: 2 })
    await trainings(deletedTraining, ['2026-03-04'], { title: 'Deleted training', participantsWomen: 9, deletedAt: DELETED })
    await makePlan(t.db, deletedTraining, 2026, 'completed')

    const deletedPlan = await community('Plan deleted', { kind: 'land_community' })
    await trainings(deletedPlan, ['2026-06-01', '2026-06-02'], { title: 'Plan deleted training', participantsWomen: 1 })
    await makePlan(t.db, deletedPlan, 2026, 'adopted', { deletedAt: DELETED })

    const futureTraining = await community('Second training after today', { kind: 'land_community' })
    await trainings(futureTraining, ['2026-06-03'], { title: 'June training', participantsWomen: 1 })
    await trainings(futureTraining, ['2026-09-01'], { title: 'September training', participantsWomen: 50 })
    await makePlan(t.db, futureTraining, 2026, 'adopted')

    const inactive = await community('Inactive', { kind: 'land_community', status: 'inactive' })
    await trainings(inactive, ['2026-01-10', '2026-01-11'], { title: 'Inactive training', participantsWomen: 1 })
    await makePlan(t.db, inactive, 2026, 'adopted')

    const deletedCommunity = await community('Deleted community', { kind: 'land_community', deletedAt: DELETED })
    await trainings(deletedCommunity, ['2026-01-12', '2026-01-13'], { title: 'Deleted community training', participantsWomen: 1 })
    await makePlan(t.db, deletedCommunity, 2026, 'adopted')
  })
  afterAll(() => t?.close())

  it('counts new land communities founded in the period up to today, live and of the statuses, by province', async () => {
    const target = await createTarget(t.app, { planEndYear: 2030, target: 93, rule: newLandCommunities })
    expect(target.progress).toMatchObject({ asOf: '2026-07-02', counted: 2, done: 2, percent: 2.2 })
    expect(target.progress.byYear).toEqual([{ year: 2026, counted: 2, cumulative: 2, expected: 9.3 }])
    expect(target.progress.byProvince).toEqual([
      { province: 'Mondulkiri', counted: 1 },
      { province: 'Ratanakiri', counted: 1 },
    ])
    expect(namesOf(await recordsOf(t.app, target.id))).toEqual(['New indigenous', 'New land'])
  })

  it('counts strengthened communities and networks once, in the first year with two trainings and an agreed plan', async () => {
    const target = await createTarget(t.app, { planStartYear: 2025, planEndYear: 2027, target: 30, rule: strengthened })
    expect(target.progress.counted).toBe(2)
    expect(target.progress.byYear).toEqual([
      { year: 2025, counted: 1, cumulative: 1, expected: 10 },
      // 2026 as of today: 30 × (1 + 183/365) / 3
      { year: 2026, counted: 1, cumulative: 2, expected: 15 },
    ])
    const records = await recordsOf(t.app, target.id)
    expect(records.map((record) => [record.name, record.year, record.kind, record.adds])).toEqual([
      ['Strong in 2025', 2025, 'community', 1],
      ['Network', 2026, 'community', 1],
    ])
  })

  it('counts, under the strengthened preset of 2026–2030, those founded before 2026 that qualify in 2026 only', async () => {
    const target = await createTarget(t.app, { planStartYear: 2026, planEndYear: 2030, target: 152, rule: strengthened })
    expect(namesOf(await recordsOf(t.app, target.id))).toEqual(['Founded 2025', 'Network'])
  })

  it('leaves provincial networks out when the rule names kinds without them, and counts them when it names them', async () => {
    const landOnly = await createTarget(t.app, {
      planStartYear: 2025,
      planEndYear: 2027,
      rule: { ...strengthened, kinds: ['land_community'] },
    })
    expect(namesOf(await recordsOf(t.app, landOnly.id))).toEqual(['Strong in 2025'])
    const withNetworks = await createTarget(t.app, {
      planStartYear: 2025,
      planEndYear: 2027,
      rule: { ...strengthened, kinds: ['land_community', 'provincial_network'] },
    })
    expect(namesOf(await recordsOf(t.app, withNetworks.id))).toEqual(['Network', 'Strong in 2025'])
  })

  it('counts communities with an agreed plan, never a draft, a deleted plan or a deleted community', async () => {
    const target = await createTarget(t.app, { planStartYear: 2025, planEndYear: 2027, target: 92, rule: communityPlans })
    expect(namesOf(await recordsOf(t.app, target.id))).toEqual([
      'Founded 2025',
      'Inactive',
      'Network',
      'One training and a meeting',
      'Second training after today',
      'Second training deleted',
      'Strong in 2025',
    ])
    expect(target.progress.byYear.map((year) => year.counted)).toEqual([1, 6])
  })

  it('counts live activities of the kinds that began in the period and not after today', async () => {
    const target = await createTarget(t.app, { target: 40, rule: { count: 'activities', activityKinds: ['training'] } })
    const records = await recordsOf(t.app, target.id)
    expect(namesOf(records)).toEqual([
      'Deleted community training',
      'Deleted community training',
      'Founded 2025 training',
      'Founded 2025 training',
      'Inactive training',
      'Inactive training',
      'June training',
      'Kept training',
      'Men land law',
      'Network land law',
      'Network leadership',
      'Plan deleted training',
      'Plan deleted training',
      'Single training',
      'Youth land law',
    ])
    expect(records.every((record) => record.kind === 'activity' && record.year === 2026 && record.adds === 1)).toBe(true)
    expect(target.progress.counted).toBe(15)
    expect(target.progress.byProvince).toEqual([
      { province: 'Kampot', counted: 11 },
      { province: 'Mondulkiri', counted: 2 },
      { province: 'Ratanakiri', counted: 2 },
    ])
  })

  it('counts the women, or the youth, of the activities of the kinds and topics', async () => {
    const rule = { count: 'participants', activityKinds: ['training'], activityTopics: ['land_law'] }
    const women = await createTarget(t.app, { target: 1000, rule: { ...rule, who: 'women' } })
    // 10 + 5 + 2 + 1 × 7 (the fillers); 'Men land law' and 'Founded 2025 training' have no women and add nothing.
    expect(women.progress.counted).toBe(24)
    expect((await recordsOf(t.app, women.id)).some((record) => record.name === 'Men land law')).toBe(false)

    const youth = await createTarget(t.app, { target: 1000, rule: { ...rule, who: 'youth' } })
    expect(youth.progress.counted).toBe(9)
    expect((await recordsOf(t.app, youth.id)).map((record) => [record.name, record.adds])).toEqual(
      expect.arrayContaining([
        ['Network land law', 4],
        ['Youth land law', 5],
      ]),
    )
    expect(await recordsOf(t.app, youth.id)).toHaveLength(2)

    const everyone = await createTarget(t.app, { target: 1000, rule: { ...rule, activityTopics: [], who: 'all' } })
    // Women and men of every 2026 training so far (youth are counted among them).
    expect(everyone.progress.counted).toBe(15 + 10 + 5 + 4 + 2 + 4 + 2 + 1 + 2 + 2)
  })

  it('filters the drill-down by year and province and pages through it', async () => {
    const target = await createTarget(t.app, { planStartYear: 2025, planEndYear: 2027, target: 30, rule: strengthened })
    expect(namesOf(await recordsOf(t.app, target.id, '&year=2025'))).toEqual(['Strong in 2025'])
    expect(namesOf(await recordsOf(t.app, target.id, '&province=Ratanakiri'))).toEqual(['Network'])
    expect(await recordsOf(t.app, target.id, '&year=2026&province=Mondulkiri')).toEqual([])

    const activities = await createTarget(t.app, { rule: { count: 'activities' } })
    const first = (await t.app.inject({ url: `/api/program-targets/${activities.id}/records?limit=5` })).json()
    expect(first.items).toHaveLength(5)
    const all = await recordsOf(t.app, activities.id)
    expect(new Set(all.map((record) => record.id)).size).toBe(all.length)
    expect(all).toHaveLength(activities.progress.counted)
    const forged = Buffer.from(JSON.stringify(['year', 'x', all[0]!.id])).toString('base64url')
    expect((await t.app.inject({ url: `/api/program-targets/${activities.id}/records?cursor=${forged}` })).statusCode).toBeLessThan(500)
  })

  it('counts one province when asked, without the national baseline and with the pace left out (targets are national)', async () => {
    const target = await createTarget(t.app, { target: 40, baseline: 5, rule: { count: 'activities', activityKinds: ['training'] } })
    const inRatanakiri = await targetOf(t.app, target.id, '?province=Ratanakiri')
    expect(inRatanakiri.progress).toMatchObject({ counted: 2, done: 2, expected: null, status: null })
    expect(inRatanakiri.progress.byYear.at(-1)?.cumulative).toBe(2)
    expect(inRatanakiri.progress.byProvince).toEqual([{ province: 'Ratanakiri', counted: 2 }])
  })

  it('reports every target of a year, by code, to the features that call listTargetProgress', async () => {
    const later = await createTarget(t.app, { code: '9.2', label: 'Later', planStartYear: 2031, planEndYear: 2031 })
    const second = await createTarget(t.app, { code: '9.1', label: 'B second', planStartYear: 2031, planEndYear: 2032 })
    const first = await createTarget(t.app, { code: '9.1', label: 'A first', planStartYear: 2030, planEndYear: 2031 })
    const targets = await listTargetProgress(t.db, { now: MIDDLE_OF_2026, year: 2031 })
    expect(targets.map((target) => target.id)).toEqual([first.id, second.id, later.id])
    expect(targets[0]!.progress.status).toBe('not_started')
  })
})

describe(`program targets: create, change and delete, on ${testDriver}`, () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp({ now: () => MIDDLE_OF_2026 })
  })
  afterAll(() => t?.close())

  const post = (payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/api/program-targets', payload })
  const patch = (id: string, payload: Record<string, unknown>) =>
    t.app.inject({ method: 'PATCH', url: `/api/program-targets/${id}`, payload })
  const fieldsOf = (res: Awaited<ReturnType<typeof post>>) => problemOf(res).errors?.map((error) => error.field)

  it('creates a target with the rule completed by its defaults and progress counted', async () => {
    const res = await post(targetBody({ code: '1.1', labelKm: 'គោលដៅ' }))
    expect(res.statusCode).toBe(201)
    const target = res.json() as ProgramTarget
    expect(target).toMatchObject({ code: '1.1', labelKm: 'គោលដៅ', baseline: 0, pace: 'linear', milestones: [], version: 1 })
    expect(target.rule).toEqual({
      count: 'communities',
      kinds: [],
      statuses: [],
      founded: 'any',
      minActivities: 0,
      activityKinds: [],
      activityTopics: [],
      needsPlan: false,
    })
    expect(target.progress).toMatchObject({ asOf: '2026-07-02', counted: 0, done: 0, status: 'behind' })
    const read = await t.app.inject({ url: `/api/program-targets/${target.id}` })
    expect(read.headers.etag).toBe('"1"')
  })

  it.each([
    ['a period that ends before it starts', { planStartYear: 2027, planEndYear: 2026 }, 'body.planEndYear'],
    ['a baseline at the target', { baseline: 10, target: 10 }, 'body.baseline'],
    ['a milestone outside the period', { planEndYear: 2027, milestones: [{ year: 2028, value: 5 }] }, 'body.milestones[0].year'],
    [
      'pace by milestones without one for each year',
      { planEndYear: 2027, pace: 'milestones', milestones: [{ year: 2026, value: 5 }] },
      'body.milestones',
    ],
    ['a rule that counts nothing known', { rule: { count: 'parcels' } }, 'body.rule.count'],
    ['a minimum of activities below zero', { rule: { count: 'communities', minActivities: -1 } }, 'body.rule.minActivities'],
  ])('refuses %s, naming the field', async (_case, overrides, field) => {
    const res = await post(targetBody(overrides))
    expect(res.statusCode).toBe(400)
    expect(fieldsOf(res)).toContain(field)
  })

  it('changes one field and keeps the others (baseline, pace and milestones included)', async () => {
    const target = await createTarget(t.app, {
      planEndYear: 2027,
      baseline: 2,
      target: 20,
      pace: 'milestones',
      milestones: [
        { year: 2026, value: 8 },
        { year: 2027, value: 20 },
      ],
    })
    const res = await patch(target.id, { label: 'Renamed', version: 1 })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ label: 'Renamed', baseline: 2, pace: 'milestones', milestones: target.milestones, version: 2 })
  })

  it('checks a change together with what stays, naming the field', async () => {
    const target = await createTarget(t.app, { planEndYear: 2027, target: 20, milestones: [{ year: 2027, value: 20 }] })
    const baseline = await patch(target.id, { baseline: 20, version: 1 })
    expect(baseline.statusCode).toBe(400)
    expect(fieldsOf(baseline)).toEqual(['body.baseline'])
    const shorter = await patch(target.id, { planEndYear: 2026, version: 1 })
    expect(shorter.statusCode).toBe(400)
    expect(fieldsOf(shorter)).toEqual(['body.milestones[0].year'])
    const milestones = await patch(target.id, { pace: 'milestones', version: 1 })
    expect(fieldsOf(milestones)).toEqual(['body.milestones'])
  })

  it('recounts progress when the rule changes', async () => {
    await makeActivity(t.db, { kind: 'campaign', startedOn: '2026-02-02' })
    const target = await createTarget(t.app, { rule: { count: 'activities', activityKinds: ['training'] } })
    expect(target.progress.counted).toBe(0)
    const res = await patch(target.id, { rule: { count: 'activities', activityKinds: ['campaign'] }, version: 1 })
    expect(res.json().progress.counted).toBe(1)
  })

  it('refuses a change based on an old version with 409 and the target as it is', async () => {
    const target = await createTarget(t.app)
    await patch(target.id, { label: 'First', version: 1 })
    const res = await patch(target.id, { label: 'Second', version: 1 })
    expect(res.statusCode).toBe(409)
    expect(res.json().current).toMatchObject({ label: 'First', version: 2 })
  })

  it('deletes a target for good, refusing a stale If-Match', async () => {
    const target = await createTarget(t.app)
    const stale = await t.app.inject({ method: 'DELETE', url: `/api/program-targets/${target.id}`, headers: { 'if-match': '"7"' } })
    expect(stale.statusCode).toBe(409)
    const res = await t.app.inject({ method: 'DELETE', url: `/api/program-targets/${target.id}`, headers: { 'if-match': '"1"' } })
    expect(res.statusCode).toBe(204)
    expect((await t.app.inject({ url: `/api/program-targets/${target.id}` })).statusCode).toBe(404)
    expect((await t.app.inject({ url: `/api/program-targets/${target.id}/records` })).statusCode).toBe(404)
  })

  it('lists the targets whose plan period includes a year, a page at a time by code', async () => {
    const inPeriod = [
      await createTarget(t.app, { code: '7.3', label: 'Listed', planStartYear: 2040, planEndYear: 2044 }),
      await createTarget(t.app, { code: '7.1', label: 'Listed', planStartYear: 2042, planEndYear: 2042 }),
      await createTarget(t.app, { code: null, label: 'Listed', planStartYear: 2041, planEndYear: 2043 }),
    ]
    await createTarget(t.app, { code: '7.2', label: 'Listed', planStartYear: 2043, planEndYear: 2045 })
    const listed = await collectAllPages(t.app, '/api/program-targets?year=2042&limit=1&q=Listed')
    expect(listed.map((target) => target.id)).toEqual([inPeriod[2]!.id, inPeriod[1]!.id, inPeriod[0]!.id])
  })
})

describe(`program targets: pace against the clock, on ${testDriver}`, () => {
  let t: TestApp
  let clock = START_OF_2026
  const ids: Record<string, string> = {}

  /** Trainings through 2026: 1 on its first day, 5 by 2 July (one that very day), 8 by its end. */
  beforeAll(async () => {
    t = await createTestApp({ now: () => clock })
    for (const day of ['2026-01-01', '2026-03-15', '2026-05-01', '2026-06-30', '2026-07-02', '2026-07-03', '2026-10-10', '2026-12-31']) {
      await makeActivity(t.db, { kind: 'training', startedOn: day })
    }
    const rule = { count: 'activities', activityKinds: ['training'] }
    ids.oneYear = (await createTarget(t.app, { target: 10, rule })).id
    ids.oneYearSmall = (await createTarget(t.app, { target: 4, rule })).id
    ids.fiveYears = (await createTarget(t.app, { planEndYear: 2030, baseline: 20, target: 120, rule })).id
    ids.milestones = (
      await createTarget(t.app, {
        planEndYear: 2027,
        target: 20,
        pace: 'milestones',
        milestones: [
          { year: 2026, value: 6 },
          { year: 2027, value: 20 },
        ],
        rule,
      })
    ).id
    ids.nextYear = (await createTarget(t.app, { planStartYear: 2027, planEndYear: 2027, target: 10, rule })).id
  })
  afterAll(() => t?.close())

  const paceOf = async (name: string) => {
    const { progress } = await targetOf(t.app, ids[name]!)
    return { done: progress.done, expected: progress.expected, status: progress.status }
  }

  it('is on track on the first day of the year with one training done', async () => {
    clock = START_OF_2026
    expect(await paceOf('oneYear')).toEqual({ done: 1, expected: 0, status: 'on_track' })
    // 20 + 100 × (1/365) / 5
    expect(await paceOf('fiveYears')).toEqual({ done: 21, expected: 20.1, status: 'on_track' })
    expect(await paceOf('milestones')).toEqual({ done: 1, expected: 0, status: 'on_track' })
    expect(await paceOf('nextYear')).toEqual({ done: 0, expected: 0, status: 'not_started' })
  })

  it('counts a training of today at mid-year and sets it against 183/365 of the line', async () => {
    clock = MIDDLE_OF_2026
    // 10 × 183/365 = 5.01: within one of it.
    expect(await paceOf('oneYear')).toEqual({ done: 5, expected: 5, status: 'on_track' })
    // 4 × 183/365 = 2.01: three ahead.
    expect(await paceOf('oneYearSmall')).toEqual({ done: 5, expected: 2, status: 'ahead' })
    // 20 + 100 × (183/365) / 5 = 30.03, tolerance 5 of the 100 the plan adds.
    expect(await paceOf('fiveYears')).toEqual({ done: 25, expected: 30, status: 'behind' })
    // 6 × 183/365 = 3.01 towards the first milestone.
    expect(await paceOf('milestones')).toEqual({ done: 5, expected: 3, status: 'ahead' })
    expect(await paceOf('nextYear')).toMatchObject({ status: 'not_started' })
  })

  it('expects the whole year at its end', async () => {
    clock = END_OF_2026
    expect(await paceOf('oneYear')).toEqual({ done: 8, expected: 10, status: 'behind' })
    expect(await paceOf('fiveYears')).toEqual({ done: 28, expected: 40, status: 'behind' })
    expect(await paceOf('milestones')).toEqual({ done: 8, expected: 6, status: 'ahead' })
    const { progress } = await targetOf(t.app, ids.milestones!)
    expect(progress.byYear).toEqual([{ year: 2026, counted: 8, cumulative: 8, expected: 6 }])
  })

  it('gives each past year its full expectation and this year its part, in a later year', async () => {
    clock = MIDDLE_OF_2027
    const { progress } = await targetOf(t.app, ids.fiveYears!)
    expect(progress.byYear).toEqual([
      { year: 2026, counted: 8, cumulative: 28, expected: 40 },
      { year: 2027, counted: 0, cumulative: 28, expected: 50 },
    ])
    expect(progress).toMatchObject({ done: 28, expected: 50, status: 'behind', percent: 23.3 })
    // After its period a plan expects its target.
    expect(await paceOf('oneYear')).toEqual({ done: 8, expected: 10, status: 'behind' })
  })
})
