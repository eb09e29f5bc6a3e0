// One chart of the dashboard: a Chart.js bar chart with, under it, the same figures as a table
// for screen readers, for copying into a report, and for anyone who reads tables better.
// Only the Chart.js parts a bar chart needs are registered (the bar controller comes with
// react-chartjs-2's <Bar>), so this route's chunk stays small.
import { BarElement, CategoryScale, Chart, LinearScale, Tooltip, type ChartOptions, type Scale } from 'chart.js'
import { Bar } from 'react-chartjs-2'
import { useTranslation } from 'react-i18next'
import { formatNumber } from '../../lib/format.ts'
import { currentLanguage } from '../../lib/i18n.ts'
import { sumOf, wrapLabel, type Series } from './chart-data.ts'

Chart.register(CategoryScale, LinearScale, BarElement, Tooltip)
// The page's fonts (styles.css), so the charts read like the page; Khmer from the bundled Noto Sans Khmer.
Chart.defaults.font.family = "system-ui, Roboto, 'Noto Sans', 'Noto Sans Khmer', sans-serif"
Chart.defaults.font.size = 12
Chart.defaults.color = '#374151'

interface BarChartCardProps {
  title: string
  /** The heading of the table's first column ("Month", "Kind", "Province"). */
  dimension: string
  series: Series
  /** Bars along the y axis: long labels (kinds, provinces) stay readable on a phone. */
  isHorizontal?: boolean
  colour: string
  testId: string
  className?: string
}

/** Pixels per bar of a horizontal chart, so every label has its line at any width. */
const ROW_HEIGHT_PX = 34
const ROW_HEIGHT_KHMER_PX = 44
/** Below this chart width, labels of a horizontal chart wrap at WRAP_CHARS characters. */
const NARROW_PX = 520
const WRAP_CHARS = 14

export function BarChartCard({ title, dimension, series, isHorizontal = false, colour, testId, className }: BarChartCardProps) {
  const { t } = useTranslation()
  const isKhmer = currentLanguage() === 'km'
  const locale = isKhmer ? 'km-KH' : 'en-GB'
  const total = sumOf(series.values)
  const heightPx = isHorizontal ? Math.max(160, series.values.length * (isKhmer ? ROW_HEIGHT_KHMER_PX : ROW_HEIGHT_PX) + 40) : 260
  const valueAxis = isHorizontal ? 'x' : 'y'
  const options: ChartOptions<'bar'> = {
    indexAxis: isHorizontal ? 'y' : 'x',
    responsive: true,
    maintainAspectRatio: false,
    // Cheap phones: no animation to compute, and the figures are there at once.
    animation: false,
    locale,
    plugins: {
      legend: { display: false },
      tooltip: { callbacks: { label: (item) => `${t('dashboard.chart.incidents')}: ${formatNumber(item.parsed[valueAxis] ?? 0)}` } },
    },
    scales: {
      [valueAxis]: {
        beginAtZero: true,
        ticks: { precision: 0, callback: (value: string | number) => formatNumber(Number(value)) },
        grid: { color: '#e5e7eb' },
      },
      [isHorizontal ? 'y' : 'x']: {
        grid: { display: false },
        ticks: {
          // Khmer stacks vowels and subscripts: wrapped labels need more room between lines.
          font: { lineHeight: isKhmer ? 1.65 : 1.2 },
          autoSkip: !isHorizontal,
          maxRotation: 60,
          // On a phone a long kind or province name would push the bars off the chart: wrap it.
          callback(this: Scale, value: string | number) {
            const label = this.getLabelForValue(Number(value))
            return isHorizontal && this.chart.width < NARROW_PX ? wrapLabel(label, WRAP_CHARS, locale) : label
          },
        },
      },
    },
  }
  return (
    <section className={['card', 'chart-card', className ?? ''].join(' ').trim()} data-testid={testId} aria-labelledby={`${testId}-title`}>
      <h2 id={`${testId}-title`}>{title}</h2>
      {series.values.length === 0 || total === 0 ? (
        <p className="empty">{t('dashboard.chart.empty')}</p>
      ) : (
        <div className="chart-canvas" style={{ height: `${heightPx}px` }}>
          <Bar
            aria-label={t('dashboard.chart.summary', { title, count: formatNumber(total) })}
            options={options}
            data={{
              labels: series.labels,
              datasets: [
                {
                  label: t('dashboard.chart.incidents'),
                  data: series.values,
                  backgroundColor: colour,
                  borderRadius: 3,
                  maxBarThickness: 36,
                },
              ],
            }}
          />
        </div>
      )}
      {series.values.length > 0 && (
        <details className="chart-table">
          <summary>{t('dashboard.chart.showTable')}</summary>
          <table className="figures-table">
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{dimension}</th>
                <th scope="col" className="number">
                  {t('dashboard.chart.incidents')}
                </th>
              </tr>
            </thead>
            <tbody>
              {series.keys.map((key, index) => (
                <tr key={key}>
                  <th scope="row">{series.labels[index]}</th>
                  <td className="number">{formatNumber(series.values[index])}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t('dashboard.chart.total')}</th>
                <td className="number">{formatNumber(total)}</td>
              </tr>
            </tfoot>
          </table>
        </details>
      )}
    </section>
  )
}
