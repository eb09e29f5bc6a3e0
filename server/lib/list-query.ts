// The one implementation of list behaviour: keyset pagination with opaque cursors, sorting,
// free-text search and date ranges. Feature queries compose these into their own SELECT.
// Only SQL fragments (conditions, order) are built here; statements run in *.queries.ts.
import { and, Column, inArray, is, sql, type SQL, type SQLWrapper } from 'drizzle-orm'
import { PgTimestamp } from 'drizzle-orm/pg-core'
import { APP_TIME_ZONE } from '../../shared/time.ts'
import { createInvalidListQueryError } from './list-query.errors.ts'

export interface Sorting {
  /** The DTO field the list is sorted by; its value in the last row goes into the cursor. */
  key: string
  isDescending: boolean
  orderBy: SQL[]
  /** Rows strictly after the cursor in this order, or undefined on the first page. */
  after: SQL | undefined
  /**
   * Select it beside each row as `cursorKey`: the sort value exactly as the database holds it, for
   * the cursor (NULL when the DTO field already holds it exactly).
   */
  cursorKey: SQL<string | null>
}

interface Cursor {
  sort: string
  value: string | number | boolean | null
  id: string
}

/**
 * Resolves `sort` (`name` or `-name`) and `cursor` against the sortable columns. Ties are broken
 * by id so the order is total: pages never repeat or skip a row, even when values are equal.
 * Sortable columns must be NOT NULL (a NULL would fall out of the row comparison).
 */
export function resolveSorting(
  sort: string,
  cursor: string | undefined,
  columns: Record<string, SQLWrapper>,
  idColumn: SQLWrapper,
): Sorting {
  const isDescending = sort.startsWith('-')
  const key = isDescending ? sort.slice(1) : sort
  const sortColumn = columns[key]
  if (!sortColumn) throw createInvalidListQueryError('querystring.sort', `cannot sort by ${key}`)
  // Order by the raw column and the id, so that a btree index on (column, id) yields the page
  // without a sort. PostgreSQL keeps microseconds where a JS Date (and so the DTO field) keeps only
  // milliseconds; rather than order by a truncated value (which no index serves) or store every
  // timestamp at millisecond precision (a rewrite of every table, and values written by now() and
  // triggers would still need rounding), the cursor carries the database's own full-precision
  // text of the timestamp. Within one millisecond rows stay in their exact order, and a page
  // boundary there neither repeats nor skips a row.
  const isTimestamp = is(sortColumn, PgTimestamp)
  const cursorKey = isTimestamp ? sql<string>`to_char(${sortColumn} AT TIME ZONE 'UTC', ${EXACT_UTC_FORMAT})` : sql<null>`NULL::text`
  const direction = isDescending ? sql`DESC` : sql`ASC`
  const orderBy = [sql`${sortColumn} ${direction}`, sql`${idColumn} ${direction}`]
  if (!cursor) return { key, isDescending, orderBy, after: undefined, cursorKey }

  const position = decodeCursor(cursor)
  if (position.sort !== sort) {
    throw createInvalidListQueryError('querystring.cursor', 'was made for another sort order; start from the first page')
  }
  if (!isValueFor(sortColumn, position.value)) throw createInvalidListQueryError('querystring.cursor', 'is not a cursor this API issued')
  const comparison = isDescending ? sql`<` : sql`>`
  const value = isTimestamp ? sql`${position.value}::timestamptz` : sql`${position.value}`
  const after = sql`(${sortColumn}, ${idColumn}) ${comparison} (${value}, ${position.id}::uuid)`
  return { key, isDescending, orderBy, after, cursorKey }
}

/** ISO 8601 in UTC with microseconds, PostgreSQL's full precision: it reads back as the same instant. */
const EXACT_UTC_FORMAT = 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'

/**
 * Fetch `limit + 1` rows, each with `cursorKey: sorting.cursorKey` selected, then hand them here:
 * the extra row only tells that a next page exists. The cursor key is not part of the items.
 */
export function toPage<Row extends { id: string; cursorKey: string | number | null }>(
  rows: Row[],
  limit: number,
  sort: string,
  sorting: Sorting,
) {
  const items = rows.slice(0, limit).map(({ cursorKey: _cursorKey, ...item }) => item)
  const last = rows[items.length - 1]
  const hasMore = rows.length > limit && last !== undefined
  return {
    items,
    nextCursor: hasMore ? encodeCursor({ sort, value: last.cursorKey ?? cursorValue(last[sorting.key as keyof Row]), id: last.id }) : null,
  }
}

/**
 * Does a cursor's value fit the column it is compared with? A forged cursor could otherwise send
 * `true` or 1e308 where a date is compared, which the database refuses (or PGlite cannot even
 * serialise): a 400 naming the cursor, not a 500.
 */
function isValueFor(column: SQLWrapper, value: Cursor['value']): boolean {
  if (!is(column, Column)) return true
  // Sortable columns are NOT NULL, so a cursor never carries null.
  if (value === null) return false
  const isDateText = (text: unknown) => {
    if (typeof text !== 'string' || !/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) return false
    const time = Date.parse(text)
    return Number.isFinite(time) && new Date(time).getUTCFullYear() >= 1
  }
  switch (column.dataType) {
    case 'date':
      return isDateText(value)
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) && (column.columnType !== 'PgInteger' || Math.abs(value) <= 2 ** 31 - 1)
    case 'boolean':
      return typeof value === 'boolean'
    case 'string':
      return typeof value === 'string' && (!/Date|Timestamp/.test(column.columnType) || isDateText(value))
    default:
      return typeof value === 'string' || typeof value === 'number'
  }
}

function cursorValue(value: unknown): Cursor['value'] {
  if (value instanceof Date) return value.toISOString()
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value
  return null
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.sort, cursor.value, cursor.id])).toString('base64url')
}

function decodeCursor(text: string): Cursor {
  try {
    const [sort, value, id] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown[]
    const isValue = value === null || ['string', 'number', 'boolean'].includes(typeof value)
    if (typeof sort === 'string' && isValue && typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id)) {
      return { sort, value: value as Cursor['value'], id }
    }
  } catch {
    // fall through to the error below
  }
  throw createInvalidListQueryError('querystring.cursor', 'is not a cursor this API issued')
}

/** `q` as a case-insensitive substring of any of the columns of one table (Khmer-safe: no word splitting). */
export function matchesText(q: string | undefined, columns: SQLWrapper[]): SQL | undefined {
  if (!q) return undefined
  return anyColumnLike(likePattern(q), columns)
}

/** Where a list's free text is searched: a SELECT of the listed table's ids, and the columns it offers. */
export interface TextSource {
  /** `SELECT <listed table's id> FROM …` (joins allowed), without WHERE: the match is appended. */
  ids: SQL
  /** Text columns of the tables in `ids`; each should have a trigram (gin_trgm_ops) index. */
  columns: SQLWrapper[]
}

/**
 * The ids of the listed table whose text, or a joined row's, contains `q`, one branch per source:
 * `SELECT id … WHERE a ILIKE q OR b ILIKE q UNION ALL SELECT id … JOIN … WHERE …`. Each branch
 * reads one table's trigram indexes (a BitmapOr of them), where ILIKE ORed across joined tables
 * in the list's own WHERE can only be checked row by row after the join: a scan of the whole
 * table for a search with one hit. Undefined when trigrams cannot help: a pattern of fewer than
 * 3 characters has none, so the indexes would be read in full and every row rechecked.
 */
export function textMatchIds(q: string | undefined, sources: TextSource[]): SQL | undefined {
  if (!q || [...q].length < TRIGRAM_LENGTH) return undefined
  const pattern = likePattern(q)
  return sql.join(
    sources.map((source) => sql`${source.ids} WHERE ${anyColumnLike(pattern, source.columns)}`),
    sql` UNION ALL `,
  )
}

/**
 * The list's condition for `q`: the listed ids when the trigram search found them (`matchedIds`,
 * from textMatchIds), else — too many hits, or too short a `q` — every source column checked row
 * by row on the list's own join (it must join every source's tables under the same names). Many
 * hits are dense, so reading the list in its index order finds a page of them quickly.
 */
export function matchesTextIn(q: string | undefined, id: Column, sources: TextSource[], matchedIds: string[] | undefined): SQL | undefined {
  if (!q) return undefined
  if (matchedIds) return matchedIds.length ? inArray(id, matchedIds) : sql`false`
  return anyColumnLike(
    likePattern(q),
    sources.flatMap((source) => source.columns),
  )
}

const TRIGRAM_LENGTH = 3

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

function anyColumnLike(pattern: string, columns: SQLWrapper[]): SQL {
  return sql`(${sql.join(
    columns.map((column) => sql`${column} ILIKE ${pattern}`),
    sql` OR `,
  )})`
}

/** Inclusive range; a bare date is a whole day in Cambodia's time zone, as users mean it. */
export function withinDates(column: SQLWrapper, from: string | undefined, to: string | undefined): SQL | undefined {
  const conditions: SQL[] = []
  if (from) conditions.push(sql`${column} >= ${instantOf(from, 'start')}`)
  if (to) conditions.push(isBareDate(to) ? sql`${column} < ${instantOf(to, 'end')}` : sql`${column} <= ${instantOf(to, 'start')}`)
  return and(...conditions)
}

const isBareDate = (text: string) => /^\d{4}-\d{2}-\d{2}$/.test(text)

function instantOf(bound: string, edge: 'start' | 'end'): SQL {
  if (!isBareDate(bound)) return sql`${bound}::timestamptz`
  const day = edge === 'start' ? sql`${bound}::date` : sql`(${bound}::date + 1)`
  return sql`(${day}::timestamp AT TIME ZONE ${APP_TIME_ZONE})`
}

/** `column IN (values)` for an enum filter, or undefined when the filter is absent. */
export function isOneOf(column: Column, values: readonly string[] | undefined): SQL | undefined {
  return values?.length ? inArray(column, [...values]) : undefined
}

/** Rows whose geometry intersects the bbox (index-assisted `&&`, then the exact test). */
export function inBbox(column: SQLWrapper, bbox: readonly [number, number, number, number] | undefined): SQL | undefined {
  if (!bbox) return undefined
  const [west, south, east, north] = bbox
  return sql`ST_Intersects(${column}, ST_MakeEnvelope(${west}, ${south}, ${east}, ${north}, 4326))`
}
