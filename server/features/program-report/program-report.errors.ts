// The errors of the yearly program report.
import { AppError } from '../../lib/app-error.ts'

/** Chromium is missing or cannot print: the HTML, XLSX and CSV formats still work. */
export const createReportPdfUnavailableError = (reason: string) =>
  new AppError('program_report.pdf_unavailable', 503, `The report could not be printed to PDF: ${reason}`)

/** Only `from` was sent, and it is after today (the default end of the period). */
export const createPeriodInvertedError = (from: string, to: string) =>
  new AppError('request.invalid', 400, `querystring.from: ${from} is after the end of the period (${to}); send to as well`, [
    { field: 'querystring.from', message: `is after the end of the period (${to}); send to as well` },
  ])
