// Lists stay O(page) at national scale: each offered sort is read from a (column, id) index with
// no sort step, keyset cursors stay exact at PostgreSQL's microsecond precision, and free text is
// looked up through the trigram indexes. Plans are read with EXPLAIN of the app's own statements
// (captured with their parameters) with the alternatives switched off (enable_seqscan, enable_sort
// …): the planner then shows a Sort, or a scan of the whole table, only when no index can serve
// the query — which a handful of rows shows as well as 200,000 (measured separately).
import { sql, type SQL } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { queryRows } from '../../db/open.ts'
import { ADMIN_AREA_SORTS } from '../../shared/admin-areas.ts'
import { CASE_SORTS } from '../../shared/cases.ts'
import { COMMUNITY_SORTS, PLAN_SORTS } from '../../shared/communities.ts'
import { CONCESSION_SORTS } from '../../shared/concessions.ts'
import { INCIDENT_SORTS } from '../../shared/incidents.ts'
import { PARCEL_SORTS } from '../../shared/parcels.ts'
import { PERSON_SORTS } from '../../shared/people.ts'
import { makeCommunity, makeParcel } from '../helpers/factories.ts'
import { collectAllPages } from '../helpers/http.ts'
import { makeIncident, makePerson } from '../helpers/incident-factories.ts'
import { makeConcession } from '../helpers/land-factories.ts'
import { createTestApp, type TestApp } from '../helpers/test-app.ts'
import { testDriver } from '../helpers/test-db.ts'

let t: TestApp
const statements: { text: string; params: unknown[] }[] = []

beforeAll(async () => {
  t = await createTestApp({ onQuery: (text, params) => statements.push({ text, params }) })
  const community = await makeCommunity(t.db, { name: 'Prey Lang Community', nameKm: 'សហគមន៍ព្រៃឡង់' })
  await makeParcel(t.db, { communityId: community.id, label: 'Rice field', holderName: 'Sok Chea' })
  await makeIncident(t.db, { communityId: community.id, title: 'Fence built across the field' })
  await makeConcession(t.db, { name: 'Green Sugar ELC', company: 'Green Sugar Co.' })
  await makePerson(t.db, { fullName: 'Sok Chea' })
})
afterAll(() => t?.close())

describe(`keyset pages at microsecond precision on ${testDriver}`, () => {
  it('lists incidents a few microseconds apart within one millisecond each once, in their exact order, page by page', async () => {
    const community = await makeCommunity(t.db, { name: 'Microsecond Community' })
    const ids: string[] = []
    // Inserted out of order, so that neither the id nor the insertion order gives the answer.
    for (const micros of [3, 1, 5, 2, 4]) {
      const { id } = await makeIncident(t.db, { communityId: community.id, title: `µs ${micros}` })
      await t.db.execute(sql`UPDATE incidents SET occurred_at = ${`2031-03-01T10:00:00.12340${micros}Z`}::timestamptz WHERE id = ${id}`)
      ids.push(id)
    }
    const newestFirst = await queryRows<{ id: string }>(
      t.db,
      sql`SELECT id FROM incidents WHERE community_id = ${community.id} ORDER BY occurred_at DESC, id DESC`,
    )
    expect(newestFirst).toHaveLength(5)

    for (const [sort, expected] of [
      ['-occurredAt', newestFirst.map((row) => row.id)],
      ['occurredAt', newestFirst.map((row) => row.id).reverse()],
    ] as const) {
      const items = await collectAllPages(t.app, `/api/incidents?community=${community.id}&sort=${sort}&limit=2`)
      expect(items.map((item) => item.id)).toEqual(expected)
    }
    const titles = (await collectAllPages(t.app, `/api/incidents?community=${community.id}&limit=2`)).map((item) => item.title)
    expect(titles).toEqual(['µs 5', 'µs 4', 'µs 3', 'µs 2', 'µs 1'])
  })
})

interface PlanNode {
  'Node Type': string
  'Index Name'?: string
  'Parent Relationship'?: string
  Plans?: PlanNode[]
}

/** The plan's nodes, without subplans (per-row look-ups such as a case's community names sort their own few rows). */
const nodesOf = (node: PlanNode): PlanNode[] => [
  node,
  ...(node.Plans ?? []).filter((child) => child['Parent Relationship'] !== 'SubPlan').flatMap(nodesOf),
]

/** The statement's text with its parameters put back, as drizzle sent it. */
function withParams(text: string, params: unknown[]): SQL {
  const chunks = text.split(/\$(\d+)\b/)
  return sql.join(chunks.map((chunk, i) => (i % 2 === 1 ? sql`${params[Number(chunk) - 1]}` : sql.raw(chunk))))
}

/** The plan of the last statement of `url`'s request that matches `pick`, with the plan types `disabled` switched off. */
async function planOf(url: string, pick: (text: string) => boolean, disabled: string[]): Promise<PlanNode[]> {
  statements.length = 0
  const res = await t.app.inject({ url })
  expect(res.statusCode, res.body).toBe(200)
  const statement = statements.findLast((s) => pick(s.text))
  if (!statement) throw new Error(`${url} ran no statement of the kind looked for:\n${statements.map((s) => s.text).join('\n')}`)
  const plan = await t.db.transaction(async (tx) => {
    for (const setting of disabled) await tx.execute(sql.raw(`SET LOCAL enable_${setting} = off`))
    const [row] = await queryRows<{ 'QUERY PLAN': unknown }>(tx, sql`EXPLAIN (FORMAT JSON) ${withParams(statement.text, statement.params)}`)
    const json = row!['QUERY PLAN']
    return (typeof json === 'string' ? JSON.parse(json) : json) as [{ Plan: PlanNode }]
  })
  return nodesOf(plan[0].Plan)
}

const snakeCase = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)

// `indexColumns`: where a sort reads another column than its name says (concessions sort by area
// on a NOT NULL key, since a concession known only as a point has no mapped area).
const lists: { path: string; table: string; sorts: readonly string[]; indexColumns?: Record<string, string> }[] = [
  { path: '/api/incidents', table: 'incidents', sorts: INCIDENT_SORTS },
  { path: '/api/parcels', table: 'parcels', sorts: PARCEL_SORTS },
  { path: '/api/communities', table: 'communities', sorts: COMMUNITY_SORTS },
  { path: '/api/community-plans', table: 'community_plans', sorts: PLAN_SORTS },
  { path: '/api/concessions', table: 'concessions', sorts: CONCESSION_SORTS, indexColumns: { areaHa: 'area_sort_ha' } },
  { path: '/api/cases', table: 'legal_cases', sorts: CASE_SORTS },
  { path: '/api/people', table: 'people', sorts: PERSON_SORTS },
  { path: '/api/users', table: 'users', sorts: ['displayName', 'email', 'createdAt'] },
  { path: '/api/admin-areas', table: 'admin_areas', sorts: ADMIN_AREA_SORTS },
]

describe(`list plans on ${testDriver}`, () => {
  for (const { path, table, sorts, indexColumns = {} } of lists) {
    for (const sort of sorts.flatMap((key) => [key, `-${key}`])) {
      const column = indexColumns[sort.replace('-', '')] ?? snakeCase(sort.replace('-', ''))
      it(`reads ${path}?sort=${sort} from ${table}'s (${column}, id) index, with no sort step`, async () => {
        const nodes = await planOf(`${path}?sort=${sort}`, (text) => text.includes(`from "${table}"`) && / limit \$\d+$/.test(text), [
          'seqscan',
          'sort',
          'incremental_sort',
        ])
        const index = `${table}_${column}_id_idx`
        expect(nodes.map((node) => node['Index Name'])).toContain(index)
        expect(nodes.map((node) => node['Node Type'])).not.toContain('Sort')
        expect(nodes.map((node) => node['Node Type'])).not.toContain('Incremental Sort')
      })
    }
  }
})

describe(`free-text search plans on ${testDriver}`, () => {
  const lookup = (text: string) => text.startsWith('SELECT m.id FROM (')
  // Trigram (GIN) indexes are read by bitmap scans only: with plain index scans off too, a text
  // predicate no trigram index can serve would have to scan the whole table.
  const plainScans = ['seqscan', 'indexscan', 'indexonlyscan']
  const indexesOf = (nodes: PlanNode[]) =>
    nodes.filter((node) => node['Node Type'] === 'Bitmap Index Scan').map((node) => node['Index Name'])

  it("looks up parcels' q= through the parcels' and communities' trigram indexes", async () => {
    const indexes = indexesOf(await planOf(`/api/parcels?q=${encodeURIComponent('Prey Lang')}`, lookup, plainScans))
    expect(indexes).toEqual(
      expect.arrayContaining(['parcels_label_trgm', 'parcels_holder_name_trgm', 'communities_name_trgm', 'communities_name_km_trgm']),
    )
  })

  it("looks up incidents' q= through the incidents' and communities' trigram indexes", async () => {
    const indexes = indexesOf(await planOf(`/api/incidents?q=${encodeURIComponent('ព្រៃឡង់')}`, lookup, plainScans))
    expect(indexes).toEqual(
      expect.arrayContaining([
        'incidents_title_trgm',
        'incidents_title_km_trgm',
        'incidents_description_trgm',
        'incidents_perpetrator_name_trgm',
        'communities_name_trgm',
        'communities_name_km_trgm',
      ]),
    )
  })

  it("looks up communities' and concessions' q= through their trigram indexes", async () => {
    expect(indexesOf(await planOf('/api/communities?q=Prey', lookup, plainScans))).toEqual(
      expect.arrayContaining(['communities_name_trgm', 'communities_name_km_trgm', 'communities_village_trgm']),
    )
    expect(indexesOf(await planOf('/api/concessions?q=Sugar', lookup, plainScans))).toEqual(
      expect.arrayContaining(['concessions_name_trgm', 'concessions_name_km_trgm', 'concessions_company_trgm']),
    )
  })
})

describe(`free-text search results on ${testDriver}`, () => {
  it('finds a parcel by its Khmer community name inside a word, by 2 characters, and not by text it lacks', async () => {
    const labels = async (q: string) => (await collectAllPages(t.app, `/api/parcels?q=${encodeURIComponent(q)}`)).map((item) => item.label)
    expect(await labels('ព្រៃឡ')).toEqual(['Rice field'])
    expect(await labels('ឡង់')).toEqual(['Rice field'])
    expect(await labels('ea')).toContain('Rice field')
    expect(await labels('zzq')).toEqual([])
  })

  it('pages through a search with more hits than the trigram look-up collects, each once', async () => {
    const community = await makeCommunity(t.db, { name: 'Many Hits Community' })
    await t.db.execute(sql`INSERT INTO parcels (community_id, label, boundary)
      SELECT ${community.id}, 'Hit ' || lpad(n::text, 4, '0'),
             ST_Multi(ST_MakeEnvelope(102 + n * 0.0001, 12, 102 + n * 0.0001 + 0.00005, 12.00005, 4326))
      FROM generate_series(1, 1001) n`)
    const items = await collectAllPages(t.app, `/api/parcels?q=${encodeURIComponent('Hit 0')}&limit=500`)
    expect(items).toHaveLength(999)
    expect(new Set(items.map((item) => item.id)).size).toBe(999)
    const more = await collectAllPages(t.app, `/api/parcels?q=${encodeURIComponent('many hits')}&limit=500`)
    expect(more).toHaveLength(1001)
    expect(more.map((item) => item.label)).toEqual([...more.map((item) => item.label)].sort())
  })
})
