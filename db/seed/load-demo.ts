// Writes the generated demo data set into the database, all or nothing.
import { sql } from 'drizzle-orm'
import type { PgTable } from 'drizzle-orm/pg-core'
import type { Db } from '../open.ts'
import {
  activities,
  activityCommunities,
  caseCommunities,
  caseEvents,
  caseIncidents,
  caseParcels,
  casePeople,
  caseReferenceCounters,
  committeeMembers,
  communities,
  communityPlans,
  concessionDeclaredAreas,
  concessions,
  documentTemplates,
  incidents,
  intakeLinks,
  intakeReports,
  legalCases,
  parcels,
  people,
  programTargets,
} from '../schema/index.ts'
import { generateDemoData, type DemoData } from './demo-data.ts'

/** Rows per INSERT: big enough to be quick, small enough to stay far from the 65,535-parameter cap. */
const BATCH_SIZE = 200

export type DemoSummary = { [Table in keyof DemoData]: number }

type Transaction = Parameters<Parameters<Db['transaction']>[0]>[0]

/** True when the communities table has any row at all, soft-deleted ones included. */
export async function hasAnyCommunities(db: Db): Promise<boolean> {
  const rows = await db.select({ id: communities.id }).from(communities).limit(1)
  return rows.length > 0
}

export async function loadDemoData(db: Db, now = new Date()): Promise<DemoSummary> {
  const data = generateDemoData(now)
  const networks = data.communities.filter((community) => community.kind === 'provincial_network')
  const members = data.communities.filter((community) => community.kind !== 'provincial_network')

  let programTargetsInserted = 0
  await db.transaction(async (tx) => {
    // Networks first: the other communities reference them through network_id.
    await insertInBatches(tx, communities, networks)
    await insertInBatches(tx, communities, members)
    await insertInBatches(tx, communityPlans, data.communityPlans)
    await insertInBatches(tx, concessions, data.concessions)
    await insertInBatches(tx, concessionDeclaredAreas, data.concessionDeclaredAreas)
    await insertInBatches(tx, parcels, data.parcels)
    await insertInBatches(tx, incidents, data.incidents)
    await insertInBatches(tx, people, data.people)
    await insertInBatches(tx, legalCases, data.legalCases)
    await insertCaseReferenceCounters(tx, data.caseReferenceCounters)
    await insertInBatches(tx, caseEvents, data.caseEvents)
    await insertInBatches(tx, caseCommunities, data.caseCommunities)
    await insertInBatches(tx, caseParcels, data.caseParcels)
    await insertInBatches(tx, caseIncidents, data.caseIncidents)
    await insertInBatches(tx, casePeople, data.casePeople)
    await insertInBatches(tx, activities, data.activities)
    await insertInBatches(tx, activityCommunities, data.activityCommunities)
    await insertInBatches(tx, committeeMembers, data.committeeMembers)
    // A target an admin already changed (same id) is left as it is.
    const insertedTargets = await tx
      .insert(programTargets)
      .values(data.programTargets)
      .onConflictDoNothing()
      .returning({ id: programTargets.id })
    programTargetsInserted = insertedTargets.length
    // Starter templates an admin has already changed (same id) are left as they are.
    await tx.insert(documentTemplates).values(data.documentTemplates).onConflictDoNothing()
    await insertInBatches(tx, intakeLinks, data.intakeLinks)
    await insertInBatches(tx, intakeReports, data.intakeReports)
  })

  return { ...summarize(data), programTargets: programTargetsInserted }
}

async function insertInBatches<T extends PgTable>(tx: Transaction, table: T, rows: readonly T['$inferInsert'][]) {
  for (let start = 0; start < rows.length; start += BATCH_SIZE) {
    await tx.insert(table).values(rows.slice(start, start + BATCH_SIZE))
  }
}

/** Never move a counter backwards: a reference handed out once must not be handed out again. */
async function insertCaseReferenceCounters(tx: Transaction, counters: DemoData['caseReferenceCounters']) {
  if (counters.length === 0) return
  await tx
    .insert(caseReferenceCounters)
    .values(counters)
    .onConflictDoUpdate({
      target: caseReferenceCounters.year,
      set: { lastNumber: sql`GREATEST(${caseReferenceCounters.lastNumber}, excluded.last_number)` },
    })
}

function summarize(data: DemoData): DemoSummary {
  const entries = Object.entries(data).map(([table, rows]) => [table, (rows as unknown[]).length])
  return Object.fromEntries(entries) as DemoSummary
}
