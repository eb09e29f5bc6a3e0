// Step 1: the file, who published it and under which licence. A file Dey cannot use is explained
// by its problem's code in the reader's language, with the server's own detail beneath (it names
// what the zip held, which layer, which column).
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { ImportJob } from '../../../shared/import-jobs.ts'
import { Field } from '../../components/field.tsx'
import { ProblemMessage } from '../../components/problem-message.tsx'
import { ApiError } from '../../lib/api-client.ts'
import { useUploadImport } from './api.ts'

export const ACCEPTED_FILES = '.zip,.kml,.kmz,.geojson,.json,.csv,.gpkg'

/** The problems of a file the upload step has its own sentence for (code `import.<name>`). */
const FILE_PROBLEMS = [
  'no_shp_in_zip',
  'not_a_zip',
  'shapefile_not_zipped',
  'unsupported_format',
  'no_features',
  'unknown_crs',
  'unsupported_crs',
  'unsupported_encoding',
  'csv_no_geometry_columns',
  'corrupt_file',
  'zip_too_large',
] as const

/**
 * The file last uploaded for each import, while the tab is open: a layer whose coordinate system
 * was unknown is read again by uploading the same file with the system the user names.
 */
export const uploadedFiles = new Map<string, File>()

export function UploadStep({ onUploaded, initial }: { onUploaded: (job: ImportJob) => void; initial?: Partial<UploadValues> }) {
  const { t } = useTranslation()
  const upload = useUploadImport()
  const [values, setValues] = useState<UploadValues>({ sourceName: '', licence: '', crs: '', file: null, ...initial })
  const [errors, setErrors] = useState<Partial<Record<'file' | 'sourceName', string>>>({})
  const needsCrs = Boolean(values.crs) || (upload.error instanceof ApiError && /crs/.test(upload.error.code))

  const submit = (event: FormEvent) => {
    event.preventDefault()
    const missing = {
      ...(values.file ? {} : { file: t('imports.upload.fileRequired') }),
      ...(values.sourceName.trim() ? {} : { sourceName: t('imports.upload.sourceRequired') }),
    }
    setErrors(missing)
    if (!values.file || Object.keys(missing).length > 0) return
    const file = values.file
    upload.mutate(
      { ...values, file },
      {
        onSuccess: (job) => {
          uploadedFiles.set(job.id, file)
          onUploaded(job)
        },
      },
    )
  }

  return (
    <form className="card import-step" onSubmit={submit} noValidate aria-busy={upload.isPending}>
      <h2>{t('imports.upload.heading')}</h2>
      <Field label={t('imports.upload.file')} hint={t('imports.upload.fileHint')} error={errors.file} required>
        <input
          type="file"
          accept={ACCEPTED_FILES}
          onChange={(event) => {
            setValues({ ...values, file: event.target.files?.[0] ?? null })
            upload.reset()
          }}
        />
      </Field>
      <div className="form-grid">
        <Field label={t('imports.upload.sourceName')} hint={t('imports.upload.sourceHint')} error={errors.sourceName} required>
          <input
            className="input"
            value={values.sourceName}
            placeholder={t('imports.upload.sourcePlaceholder')}
            maxLength={300}
            onChange={(event) => setValues({ ...values, sourceName: event.target.value })}
          />
        </Field>
        <Field label={t('imports.upload.licence')} hint={t('imports.upload.licenceHint')}>
          <input
            className="input"
            value={values.licence}
            maxLength={2000}
            onChange={(event) => setValues({ ...values, licence: event.target.value })}
          />
        </Field>
        {needsCrs && (
          <Field label={t('imports.upload.crs')} hint={t('imports.upload.crsHint')}>
            <input
              className="input"
              value={values.crs}
              placeholder="EPSG:32648"
              onChange={(event) => setValues({ ...values, crs: event.target.value })}
            />
          </Field>
        )}
      </div>
      {upload.error && <UploadProblem error={upload.error} />}
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={upload.isPending}>
          {upload.isPending ? t('imports.upload.uploading') : t('imports.upload.submit')}
        </button>
      </div>
    </form>
  )
}

export interface UploadValues {
  sourceName: string
  licence: string
  crs: string
  file: File | null
}

function UploadProblem({ error }: { error: Error }) {
  const { t } = useTranslation()
  if (!(error instanceof ApiError) || !error.code.startsWith('import.') || error.status >= 500) return <ProblemMessage error={error} />
  const name = error.code.slice('import.'.length)
  const known = (FILE_PROBLEMS as readonly string[]).includes(name)
  return (
    <div className="alert alert-error" role="alert">
      <p>
        <strong>{known ? t(`imports.upload.problem.${name}`) : t('imports.upload.problem.other')}</strong>
      </p>
      <p className="small" lang="en">
        {error.problem.detail}
      </p>
    </div>
  )
}
