// Step 2: what the file holds — its layers, how many features, which shapes, the coordinate system
// it was read in, notes from the readers, the first features on a map and the columns with samples.
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import type { ImportJob } from '../../../shared/import-jobs.ts'
import type { ImportInspection, ImportLayer } from '../../../shared/imports.ts'
import { Field } from '../../components/field.tsx'
import { formatBytes, formatNumber } from '../../lib/format.ts'
import { PreviewMap } from './preview-map.tsx'
import { UploadStep, uploadedFiles } from './upload-step.tsx'

interface PreviewStepProps {
  job: ImportJob
  inspection: ImportInspection
  layer: ImportLayer
  onLayer: (name: string) => void
  onNext: () => void
  /** A new import of the same file, read with the coordinate system the user gave. */
  onReuploaded: (job: ImportJob) => void
}

export function PreviewStep({ job, inspection, layer, onLayer, onNext, onReuploaded }: PreviewStepProps) {
  const { t } = useTranslation()
  const isUnknownCrs = layer.crs.source === 'unknown'
  return (
    <section className="card import-step" aria-labelledby="import-preview-heading">
      <h2 id="import-preview-heading">{t('imports.preview.heading')}</h2>
      {inspection.layers.length > 1 && (
        <Field label={t('imports.preview.layer')}>
          <select value={layer.name} onChange={(event) => onLayer(event.target.value)}>
            {inspection.layers.map((candidate) => (
              <option key={candidate.name} value={candidate.name}>
                {t('imports.preview.layerOption', { name: candidate.name, count: formatNumber(candidate.featureCount) })}
              </option>
            ))}
          </select>
        </Field>
      )}
      <dl className="facts import-facts">
        <dt>{t('imports.preview.file')}</dt>
        <dd>
          <span className="import-file-name">{job.fileName}</span> <span className="muted">({formatBytes(job.fileSize)})</span>
        </dd>
        <dt>{t('imports.preview.format')}</dt>
        <dd>{inspection.format}</dd>
        {inspection.layers.length === 1 && (
          <>
            <dt>{t('imports.preview.layer')}</dt>
            <dd>{layer.name}</dd>
          </>
        )}
        <dt>{t('imports.preview.features')}</dt>
        <dd data-testid="import-feature-count">
          {formatNumber(layer.featureCount)}
          {layer.featuresWithoutGeometry > 0 && (
            <span className="muted"> · {t('imports.preview.noGeometry', { count: layer.featuresWithoutGeometry })}</span>
          )}
        </dd>
        <dt>{t('imports.preview.geometryTypes')}</dt>
        <dd>{layer.geometryTypes.join(', ') || t('common.state.none')}</dd>
        <dt>{t('imports.preview.crs')}</dt>
        <dd>
          {isUnknownCrs
            ? t('imports.preview.crsSource.unknown')
            : layer.crs.epsg
              ? `${layer.crs.name} (EPSG:${layer.crs.epsg})`
              : layer.crs.name}
          {!isUnknownCrs && <span className="muted"> · {t(`imports.preview.crsSource.${layer.crs.source}`)}</span>}
        </dd>
        {layer.encoding && (
          <>
            <dt>{t('imports.preview.encoding')}</dt>
            <dd>{layer.encoding}</dd>
          </>
        )}
      </dl>

      {isUnknownCrs && <UnknownCrs job={job} onReuploaded={onReuploaded} />}

      {(layer.warnings.length > 0 || Object.keys(layer.problemCounts).length > 0) && (
        <div className="alert alert-warning">
          {layer.warnings.length > 0 && (
            <>
              <p>
                <strong>{t('imports.preview.warnings')}</strong>
              </p>
              <ul lang="en">
                {layer.warnings.map((warning) => (
                  <li key={warning}>{warning}</li>
                ))}
              </ul>
            </>
          )}
          {Object.keys(layer.problemCounts).length > 0 && (
            <>
              <p>
                <strong>{t('imports.preview.problems')}</strong>
              </p>
              <ul>
                {Object.entries(layer.problemCounts).map(([code, count]) => (
                  <li key={code}>{t('imports.preview.problemCount', { code, count: formatNumber(count) })}</li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}

      {!isUnknownCrs &&
        (layer.bbox ? (
          <figure className="import-preview">
            <PreviewMap layer={layer} label={t('imports.preview.map')} />
            <figcaption className="muted small">
              {t('imports.preview.mapCaption', {
                count: formatNumber(layer.preview.filter((feature) => feature.geometry).length),
                total: formatNumber(layer.featureCount),
              })}
            </figcaption>
          </figure>
        ) : (
          <p className="muted">{t('imports.preview.noShapes')}</p>
        ))}

      {layer.columns.length > 0 && (
        <>
          <h3>{t('imports.preview.columns')}</h3>
          <div className="table-wrap import-table-wrap">
            <table className="import-table">
              <thead>
                <tr>
                  <th scope="col">{t('imports.preview.column')}</th>
                  <th scope="col">{t('imports.preview.type')}</th>
                  <th scope="col">{t('imports.preview.samples')}</th>
                  <th scope="col" className="number-cell">
                    {t('imports.preview.empty')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {layer.columns.map((column) => (
                  <tr key={column.name}>
                    <th scope="row" className="mono">
                      {column.name}
                    </th>
                    <td>{t(`imports.preview.columnType.${column.type}`)}</td>
                    <td className="import-samples">
                      {column.samples.map((sample, index) => (
                        <span key={index} className="import-sample">
                          {String(sample)}
                        </span>
                      ))}
                    </td>
                    <td className="number-cell">{formatNumber(column.emptyCount)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}

      <div className="button-row">
        <button type="button" className="button button-primary" onClick={onNext} disabled={isUnknownCrs}>
          {t('imports.preview.next')}
        </button>
      </div>
    </section>
  )
}

/** A layer read in no known system: the same file is uploaded again with the one the user names. */
function UnknownCrs({ job, onReuploaded }: { job: ImportJob; onReuploaded: (job: ImportJob) => void }) {
  const { t } = useTranslation()
  const [isAsking, setAsking] = useState(false)
  const file = uploadedFiles.get(job.id)
  return (
    <div className="alert alert-warning">
      <p>{t('imports.preview.crsUnknown')}</p>
      {file && isAsking ? (
        <UploadStep onUploaded={onReuploaded} initial={{ file, sourceName: job.sourceName, licence: job.licence ?? '', crs: 'EPSG:' }} />
      ) : file ? (
        <button type="button" className="button" onClick={() => setAsking(true)}>
          {t('imports.preview.crsApply')}
        </button>
      ) : (
        <Link className="button" to="/imports/new">
          {t('imports.list.new')}
        </Link>
      )}
    </div>
  )
}
