// The import wizard: /imports/new uploads a file; /imports/:id walks the job through preview,
// column mapping, dry run and commit. Which step shows follows the job's status (a job that is
// running or committed is shown as such on return), and the user moves back and forth between the
// steps the status still allows.
import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useParams } from 'react-router'
import type { ImportJob } from '../../../shared/import-jobs.ts'
import type { ImportInspection } from '../../../shared/imports.ts'
import { PageLoading, PageProblem } from '../../components/page-state.tsx'
import { PageHeader } from '../../components/page-header.tsx'
import { importQuery, inspectionOf } from './api.ts'
import { MappingStep } from './mapping-step.tsx'
import { PreviewStep } from './preview-step.tsx'
import { CommitStep, DryRunStep } from './run-steps.tsx'
import { StatusBadge } from './status-badge.tsx'
import { UploadStep } from './upload-step.tsx'
import './imports.css'

export const STEPS = ['upload', 'preview', 'mapping', 'dryRun', 'commit'] as const
export type Step = (typeof STEPS)[number]

/** Where a job stands: the furthest step its status allows. */
export function stepOfJob(job: ImportJob): Step {
  if (job.status === 'committing' || job.status === 'committed' || job.status === 'undone') return 'commit'
  if (job.status === 'dry_run_running' || job.status === 'dry_run_done' || job.status === 'failed') return 'dryRun'
  return job.target ? 'dryRun' : 'preview'
}

/** The steps a user may go back to from where the job stands. */
function reachable(job: ImportJob, step: Step): boolean {
  const furthest = stepOfJob(job)
  if (furthest === 'commit') return step === 'commit' || step === 'preview'
  if (step === 'commit') return job.status === 'dry_run_done'
  if (step === 'dryRun') return Boolean(job.target)
  return step !== 'upload' && !(job.status === 'dry_run_running' && step === 'mapping')
}

export function ImportWizardPage() {
  const { t } = useTranslation()
  const { id } = useParams()
  const navigate = useNavigate()
  const open = (job: ImportJob) => void navigate(`/imports/${job.id}`)
  return (
    <div className="page imports-page">
      {id ? (
        <ImportJobWizard key={id} id={id} onReuploaded={open} />
      ) : (
        <>
          <PageHeader title={t('imports.wizard.title')} actions={<AllImports />} />
          <Stepper current="upload" />
          <UploadStep onUploaded={open} />
        </>
      )}
    </div>
  )
}

function AllImports() {
  const { t } = useTranslation()
  return (
    <Link className="button" to="/imports">
      {t('imports.wizard.allImports')}
    </Link>
  )
}

function ImportJobWizard({ id, onReuploaded }: { id: string; onReuploaded: (job: ImportJob) => void }) {
  const query = useQuery(importQuery(id))
  const [chosen, setChosen] = useState<Step | null>(null)
  const [layerName, setLayerName] = useState<string | null>(null)
  const job = query.data
  if (query.error) return <PageProblem error={query.error} onRetry={() => void query.refetch()} />
  if (!job) return <PageLoading />
  const inspection = inspectionOf(job)
  if (!inspection || inspection.layers.length === 0) return <PageProblem error={new Error('inspection')} />

  const step = chosen && reachable(job, chosen) ? chosen : stepOfJob(job)
  const layer = pickLayer(inspection, layerName ?? job.options?.layer ?? null)
  const target = job.target ?? undefined
  const mapLink =
    target && layer.bbox ? `/?${new URLSearchParams({ layer: target, bbox: layer.bbox.map((n) => n.toFixed(5)).join(',') })}` : undefined

  return (
    <>
      <PageHeader title={<span className="import-file-name">{job.fileName}</span>} actions={<AllImports />}>
        <p className="import-job-line">
          <span>{job.sourceName}</span> <StatusBadge status={job.status} />
        </p>
      </PageHeader>
      <Stepper current={step} isReachable={(candidate) => reachable(job, candidate)} onChoose={setChosen} />
      {step === 'preview' && (
        <PreviewStep
          job={job}
          inspection={inspection}
          layer={layer}
          onLayer={setLayerName}
          onNext={() => setChosen('mapping')}
          onReuploaded={onReuploaded}
        />
      )}
      {step === 'mapping' && <MappingStep key={layer.name} job={job} layer={layer} onSaved={() => setChosen('dryRun')} />}
      {step === 'dryRun' && <DryRunStep job={job} onChangeMapping={() => setChosen('mapping')} onNext={() => setChosen('commit')} />}
      {step === 'commit' && <CommitStep job={job} mapLink={mapLink} />}
    </>
  )
}

/** The chosen layer, else the first whose coordinates could be read. */
function pickLayer(inspection: ImportInspection, name: string | null) {
  return (
    inspection.layers.find((layer) => layer.name === name) ??
    inspection.layers.find((layer) => layer.crs.source !== 'unknown') ??
    inspection.layers[0]!
  )
}

function Stepper({
  current,
  isReachable,
  onChoose,
}: {
  current: Step
  isReachable?: (step: Step) => boolean
  onChoose?: (step: Step) => void
}) {
  const { t } = useTranslation()
  const index = STEPS.indexOf(current)
  return (
    <nav aria-label={t('imports.wizard.steps')}>
      <ol className="import-steps">
        {STEPS.map((step, position) => {
          const label = (
            <>
              <span className="import-step-number" aria-hidden="true">
                {position + 1}
              </span>{' '}
              {t(`imports.wizard.step.${step}`)}
            </>
          )
          const state = position < index ? 'is-done' : position === index ? 'is-current' : ''
          return (
            <li key={step} className={['import-step-item', state].join(' ').trim()} aria-current={step === current ? 'step' : undefined}>
              {step !== current && onChoose && isReachable?.(step) ? (
                <button type="button" className="link-button" onClick={() => onChoose(step)}>
                  {label}
                </button>
              ) : (
                <span>{label}</span>
              )}
            </li>
          )
        })}
      </ol>
    </nav>
  )
}
