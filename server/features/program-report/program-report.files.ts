// The report's tables as files a funder's template can take: XLSX (one sheet per table, named by
// its REPORT_TABLES key, which never changes with the language) and CSV (one table).
import { stringify } from 'csv-stringify/sync'
import ExcelJS from 'exceljs'
import type { ReportColumn, ReportTableData } from './program-report.tables.ts'

const MIN_WIDTH = 8
const MAX_WIDTH = 60

/** Numbers stay numbers (a template sums them); days stay ISO text (no locale turns 03-04 into April). */
export async function writeReportXlsx(tables: ReportTableData[], createdAt: Date): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'Dey'
  workbook.created = createdAt
  workbook.modified = createdAt
  for (const table of tables) {
    const sheet = workbook.addWorksheet(table.name, { views: [{ state: 'frozen', ySplit: 1 }] })
    sheet.columns = table.columns.map((column, i) => ({
      header: column.header,
      key: `c${i}`,
      width: widthOf(
        column,
        table.rows.map((row) => row[i] ?? null),
      ),
      ...(column.type === 'integer' && { style: { numFmt: '0' } }),
    }))
    sheet.getRow(1).font = { bold: true }
    for (const row of table.rows) sheet.addRow(row.map((cell) => cell ?? null))
  }
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

/** UTF-8 with a byte order mark: without it Excel reads the file as the system's code page and mangles Khmer. */
export function writeReportCsv(table: ReportTableData): string {
  return `\uFEFF${stringify([table.columns.map((column) => column.header), ...table.rows.map((row) => row.map((cell) => cell ?? ''))])}`
}

/** Wide enough for the header and the longest value, within reason (Khmer needs no more room than Latin here). */
function widthOf(column: ReportColumn, values: (string | number | null)[]): number {
  const longest = values.reduce<number>((most, value) => Math.max(most, value === null ? 0 : String(value).length), column.header.length)
  return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, longest + 2))
}
