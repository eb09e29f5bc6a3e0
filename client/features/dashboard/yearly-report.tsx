// The yearly program report to download: a year, a province (or all) and a language, as PDF,
// spreadsheet, web page, or one table as CSV. Plain links: the browser downloads with the session
// cookie, and a link can be copied.
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { REPORT_TABLES, type ReportFormat, type ReportTable } from '../../../shared/program-report.ts'
import { Field } from '../../components/field.tsx'
import { toQueryString } from '../../lib/api-client.ts'
import { currentLanguage, type Language } from '../../lib/i18n.ts'

/** Years a report is usually asked for: those of the plans in force and the few before this one. */
export function reportYears(thisYear: number, planYears: { planStartYear: number; planEndYear: number }[] = []): number[] {
  const years = new Set<number>()
  for (let year = thisYear - 4; year <= thisYear; year++) years.add(year)
  for (const plan of planYears) for (let year = plan.planStartYear; year <= Math.min(plan.planEndYear, thisYear); year++) years.add(year)
  return [...years].sort((a, b) => b - a)
}

export function reportHref(choice: { year: number; province: string; lang: Language }, format: ReportFormat, table?: ReportTable): string {
  return `/api/program-report${toQueryString({ year: choice.year, province: choice.province, lang: choice.lang, format, table })}`
}

export function YearlyReport({
  years,
  defaultYear,
  provinces,
  defaultProvince,
}: {
  years: number[]
  defaultYear: number
  /** Provinces as stored (English), with the name to show. */
  provinces: { name: string; label: string }[]
  defaultProvince: string | undefined
}) {
  const { t } = useTranslation()
  const [year, setYear] = useState(defaultYear)
  const [province, setProvince] = useState(defaultProvince ?? '')
  const [lang, setLang] = useState<Language>(currentLanguage())
  const [table, setTable] = useState<ReportTable>('summary')
  const choice = { year, province, lang }
  const fileName = (extension: string, suffix = '') =>
    `dey-program-report-${year}${province ? `-${province.replace(/\s+/g, '-')}` : ''}${suffix}.${extension}`

  return (
    <section className="card yearly-report" aria-labelledby="yearly-report-title">
      <h2 id="yearly-report-title">{t('dashboardProgram.report.title')}</h2>
      <p className="muted small">{t('dashboardProgram.report.intro')}</p>
      <div className="filters">
        <Field label={t('dashboardProgram.report.year')}>
          <select className="input" value={year} onChange={(event) => setYear(Number(event.target.value))}>
            {years.map((option) => (
              <option key={option} value={option}>
                {option}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('dashboardProgram.report.province')}>
          <select className="input" value={province} onChange={(event) => setProvince(event.target.value)}>
            <option value="">{t('dashboardProgram.report.allProvinces')}</option>
            {provinces.map((option) => (
              <option key={option.name} value={option.name}>
                {option.label}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('dashboardProgram.report.language')}>
          <select className="input" value={lang} onChange={(event) => setLang(event.target.value as Language)}>
            <option value="en">{t('vocab.language.en')}</option>
            <option value="km">{t('vocab.language.km')}</option>
          </select>
        </Field>
      </div>
      <p className="report-links">
        <a className="button button-primary" href={reportHref(choice, 'pdf')} download={fileName('pdf')}>
          {t('dashboardProgram.report.pdf')}
        </a>
        <a className="button" href={reportHref(choice, 'xlsx')} download={fileName('xlsx')}>
          {t('dashboardProgram.report.xlsx')}
        </a>
        <a className="button" href={reportHref(choice, 'html')} target="_blank" rel="noopener">
          {t('dashboardProgram.report.html')}
        </a>
      </p>
      <div className="filters report-csv">
        <Field label={t('dashboardProgram.report.table')}>
          <select className="input" value={table} onChange={(event) => setTable(event.target.value as ReportTable)}>
            {REPORT_TABLES.map((option) => (
              <option key={option} value={option}>
                {t(`dashboardProgram.report.tables.${option}`)}
              </option>
            ))}
          </select>
        </Field>
        <div className="filters-actions">
          <a className="button" href={reportHref(choice, 'csv', table)} download={fileName('csv', `-${table}`)}>
            {t('dashboardProgram.report.csv')}
          </a>
        </div>
      </div>
    </section>
  )
}
