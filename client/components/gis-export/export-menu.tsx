// "Export ▾": the list's (or the map's) layer as a GIS file, with the filters on screen. Each
// format is a plain download link to /api/<layer>/export.<format>: the browser sends the session
// cookie and saves the file under the name the server gives it.
import { useTranslation } from 'react-i18next'
import { EXPORT_FORMATS, exportPath, LIST_ONLY_PARAMS, type ExportLayer } from '../../../shared/exports.ts'
import './gis-export.css'

export function GisExportMenu({
  layer,
  query,
  label,
}: {
  layer: ExportLayer
  query: Record<string, string | undefined>
  /** The button's text; "Export" by default. */
  label?: string
}) {
  const { t } = useTranslation()
  const params = new URLSearchParams(
    Object.entries(query).filter(
      (entry): entry is [string, string] =>
        entry[1] !== undefined && entry[1] !== '' && !(LIST_ONLY_PARAMS as readonly string[]).includes(entry[0]),
    ),
  )
  return (
    <details className="gis-export">
      <summary className="button" title={t('gisExport.hint')}>
        {label ?? t('gisExport.button')}
      </summary>
      <ul className="gis-export-menu" aria-label={t('gisExport.menuLabel')}>
        {EXPORT_FORMATS.map((format) => (
          <li key={format}>
            <a href={exportPath(layer, format, params.toString())} download>
              {t(`gisExport.format.${format}`)}
            </a>
          </li>
        ))}
      </ul>
    </details>
  )
}
