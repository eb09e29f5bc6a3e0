// What the audit trail costs a write (issue 13): the same INSERT of parcels (21 vertices) and of
// concessions (3,001 vertices, an ELC's size) timed with the table's audit trigger switched off
// (the baseline), with the trigger as migration 0004 wrote it (every column as JSON, the polygon
// printed as decimal text and hashed into the chain), and with today's (0014: the polygon as the
// SHA-256 of its EWKB, kept once in audit_shapes). All three in the same database, same run.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { performance } from 'node:perf_hooks'
import { sql } from 'drizzle-orm'
import { queryRows, type Db } from '../../db/open.ts'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

export interface AuditCost {
  layer: string
  rows: number
  /** Median milliseconds per written row, by variant. */
  offMs: number
  json0004Ms: number
  nowMs: number
}

type Variant = 'off' | 'json0004' | 'now'

interface Layer {
  table: 'parcels' | 'concessions'
  label: string
  rows: number
  /** INSERT of `rows` new records; `$run` makes each round's names unique. */
  insert: (run: number) => ReturnType<typeof sql>
}

const REPEATS = 5

/** Migration 0004's row trigger, under another name, so the old cost is measured beside today's. */
async function createTrigger0004(db: Db) {
  const migration = await readFile(path.join(root, 'db/migrations/0004_audit_trail.sql'), 'utf8')
  const body = migration.match(/CREATE FUNCTION dey_audit_row\(\)[\s\S]*?\n\$\$;/)?.[0]
  if (!body) throw new Error('0004_audit_trail.sql no longer holds dey_audit_row(): update the audit-cost bench')
  await db.execute(sql.raw(body.replace('CREATE FUNCTION dey_audit_row()', 'CREATE OR REPLACE FUNCTION bench_audit_row_0004()')))
}

async function useVariant(db: Db, table: string, variant: Variant, todaysDefinition: string) {
  const trigger = `${table}_audit`
  await db.execute(sql.raw(`DROP TRIGGER IF EXISTS ${trigger} ON ${table}`))
  if (variant === 'now') await db.execute(sql.raw(todaysDefinition))
  if (variant === 'json0004')
    await db.execute(
      sql.raw(
        `CREATE TRIGGER ${trigger} AFTER INSERT OR UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION bench_audit_row_0004()`,
      ),
    )
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

export async function benchAuditCost(db: Db): Promise<AuditCost[]> {
  const [community] = await queryRows<{ id: string }>(
    db,
    sql`INSERT INTO communities (name, kind, province, location)
        VALUES ('Audit cost bench', 'land_community', 'Kratie', ST_SetSRID(ST_MakePoint(106, 12.5), 4326)) RETURNING id`,
  )
  const layers: Layer[] = [
    {
      table: 'parcels',
      label: 'parcel (21 vertices)',
      rows: 1000,
      insert: (run) => sql`INSERT INTO parcels (community_id, label, boundary)
        SELECT ${community!.id}, 'Audit bench ' || ${run} || '-' || g,
          ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint(106 + (g % 50) * 0.01 + ${run} * 0.0001, 12.5 + (g / 50) * 0.01), 4326), 0.003, 5))
        FROM generate_series(1, 1000) g`,
    },
    {
      table: 'concessions',
      label: 'concession (3,001 vertices)',
      rows: 20,
      insert: (run) => sql`INSERT INTO concessions (name, kind, boundary)
        SELECT 'Audit bench ' || ${run} || '-' || g, 'elc',
          ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint(103 + g * 0.1, 14 + ${run} * 0.001), 4326), 0.04, 750))
        FROM generate_series(1, 20) g`,
    },
  ]
  await createTrigger0004(db)
  const results: AuditCost[] = []
  let run = 0
  for (const layer of layers) {
    const [definition] = await queryRows<{ def: string }>(
      db,
      sql`SELECT pg_get_triggerdef(t.oid) AS def FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
          WHERE c.relname = ${layer.table} AND t.tgname = ${`${layer.table}_audit`}`,
    )
    if (!definition) throw new Error(`${layer.table} has no audit trigger`)
    const perRow: Record<Variant, number[]> = { off: [], json0004: [], now: [] }
    try {
      // Interleaved rounds, so that a busy moment of the machine hits every variant alike.
      for (let repeat = 0; repeat < REPEATS; repeat++) {
        for (const variant of ['off', 'json0004', 'now'] as const) {
          await useVariant(db, layer.table, variant, definition.def)
          const started = performance.now()
          await db.execute(layer.insert(run++))
          perRow[variant].push((performance.now() - started) / layer.rows)
        }
      }
    } finally {
      await useVariant(db, layer.table, 'now', definition.def)
    }
    results.push({
      layer: layer.label,
      rows: layer.rows,
      offMs: median(perRow.off),
      json0004Ms: median(perRow.json0004),
      nowMs: median(perRow.now),
    })
  }
  await db.execute(sql`DROP FUNCTION bench_audit_row_0004()`)
  return results
}

/** How much less the audit costs now; a cost lost in the machine's noise has no meaningful ratio. */
const lessText = (before: number, now: number) => (now > 0.01 * before ? `${(before / now).toFixed(1)}× less` : 'now within the noise')

/** The table `npm run bench` prints: per-row time, the audit's share over the baseline, and old vs new. */
export function formatAuditCost(byDriver: { driver: string; costs: AuditCost[] }[]): string {
  const lines = [
    '| driver | written row | rows × rounds | no audit (baseline) | audit as in 0004 (JSON) | audit now (0014) | audit cost 0004 → now | now × baseline |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
  ]
  for (const { driver, costs } of byDriver)
    for (const c of costs) {
      const extra = (ms: number) => Math.max(ms - c.offMs, 0)
      lines.push(
        `| ${driver} | ${c.layer} | ${c.rows} × ${REPEATS} | ${c.offMs.toFixed(3)} ms | ${c.json0004Ms.toFixed(3)} ms | ${c.nowMs.toFixed(3)} ms | ` +
          `+${extra(c.json0004Ms).toFixed(3)} → +${extra(c.nowMs).toFixed(3)} ms (${lessText(extra(c.json0004Ms), extra(c.nowMs))}) | ${(c.nowMs / c.offMs).toFixed(2)} |`,
      )
    }
  return `${lines.join('\n')}\n`
}
