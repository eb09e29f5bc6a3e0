// "Export dossier": a button for roles that may export (dossiers.export) opening a modal <dialog>
// (focus stays inside, Escape closes) with the redaction options the role may choose, then the
// export's progress, polled every second, and the download link once the ZIP is ready.
import { useMutation, useQuery } from '@tanstack/react-query'
import { useEffect, useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { DossierBody, DossierLanguage, DossierTarget, ExportJob } from '../../../shared/dossiers.ts'
import { useCan } from '../../lib/session.ts'
import { ProblemMessage } from '../problem-message.tsx'
import { formatBytes } from '../../lib/format.ts'
import { currentLanguage } from '../../lib/i18n.ts'
import { exportFileUrl, exportJobQuery, startDossierExport } from '../../lib/dossiers.ts'
import './dossiers.css'

interface ExportDossierProps {
  target: DossierTarget
  targetId: string
}

/** The header button; nothing at all for roles without dossiers.export. */
export function ExportDossierButton({ target, targetId }: ExportDossierProps) {
  const { t } = useTranslation()
  const can = useCan()
  const [isOpen, setOpen] = useState(false)
  const buttonRef = useRef<HTMLButtonElement>(null)
  const wasOpen = useRef(false)
  // Back to the button once the dialog is gone (while the modal is open, the page behind is inert).
  useEffect(() => {
    if (wasOpen.current && !isOpen) buttonRef.current?.focus()
    wasOpen.current = isOpen
  }, [isOpen])
  if (!can('dossiers.export')) return null
  return (
    <>
      <button ref={buttonRef} type="button" className="button" onClick={() => setOpen(true)}>
        <span aria-hidden="true">⇩ </span>
        {t('dossiers.export.button')}
      </button>
      {isOpen && <ExportDossierDialog target={target} targetId={targetId} onClose={() => setOpen(false)} />}
    </>
  )
}

export function ExportDossierDialog({ target, targetId, onClose }: ExportDossierProps & { onClose: () => void }) {
  const { t } = useTranslation()
  const can = useCan()
  const id = useId()
  const ref = useRef<HTMLDialogElement>(null)
  const mayIncludePrivileged = can('cases.write')
  const mayKeepGps = can('evidence.locations')
  // Contacts are seen by the same roles as privileged notes (legal staff and admins; policy.ts).
  const mayIncludeContacts = can('cases.write')
  const [options, setOptions] = useState<DossierBody>({
    language: currentLanguage(),
    includePrivilegedNotes: false,
    coarsenLocations: true,
    keepPhotoGps: false,
    omitPartyContacts: true,
  })
  const start = useMutation({
    mutationFn: () =>
      startDossierExport(target, targetId, {
        ...options,
        includePrivilegedNotes: mayIncludePrivileged && options.includePrivilegedNotes,
        keepPhotoGps: mayKeepGps && options.keepPhotoGps,
        omitPartyContacts: !mayIncludeContacts || options.omitPartyContacts,
      }),
  })

  useEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    if (typeof dialog.showModal === 'function' && !dialog.open) dialog.showModal()
    else dialog.setAttribute('open', '')
    return () => {
      if (typeof dialog.close === 'function' && dialog.open) dialog.close()
    }
  }, [])

  const set = <K extends keyof DossierBody>(key: K, value: DossierBody[K]) => setOptions((previous) => ({ ...previous, [key]: value }))
  const job = start.data

  return (
    <dialog
      ref={ref}
      className="dossier-dialog"
      aria-labelledby={`${id}-title`}
      onCancel={(event) => {
        event.preventDefault()
        onClose()
      }}
    >
      <h2 id={`${id}-title`}>{t(target === 'case' ? 'dossiers.export.titleCase' : 'dossiers.export.titleCommunity')}</h2>
      {!job ? (
        <form
          onSubmit={(event) => {
            event.preventDefault()
            start.mutate()
          }}
        >
          <p className="muted small">{t('dossiers.export.intro')}</p>
          <fieldset className="dossier-languages">
            <legend>{t('dossiers.export.language')}</legend>
            <div className="choice-grid">
              <LanguageChoice value="km" label="ខ្មែរ" checked={options.language === 'km'} onChange={(value) => set('language', value)} />
              <LanguageChoice value="en" label="English" checked={options.language === 'en'} onChange={(value) => set('language', value)} />
            </div>
          </fieldset>
          {mayIncludePrivileged && (
            <Check
              label={t('dossiers.export.privileged')}
              hint={t('dossiers.export.privilegedHint')}
              checked={options.includePrivilegedNotes}
              onChange={(value) => set('includePrivilegedNotes', value)}
            />
          )}
          <Check
            label={t('dossiers.export.coarsen')}
            hint={t('dossiers.export.coarsenHint')}
            checked={options.coarsenLocations}
            onChange={(value) => set('coarsenLocations', value)}
          />
          {mayIncludeContacts && (
            <Check
              label={t('dossiers.export.omitContacts')}
              hint={t('dossiers.export.omitContactsHint')}
              checked={options.omitPartyContacts}
              onChange={(value) => set('omitPartyContacts', value)}
            />
          )}
          {mayKeepGps && (
            <Check
              label={t('dossiers.export.keepGps')}
              hint={t('dossiers.export.keepGpsHint')}
              checked={options.keepPhotoGps}
              onChange={(value) => set('keepPhotoGps', value)}
            />
          )}
          <p className="small muted">{t('dossiers.export.confidentialNote')}</p>
          <ProblemMessage error={start.error} />
          <div className="button-row dossier-buttons">
            <button type="button" className="button" onClick={onClose}>
              {t('dossiers.export.close')}
            </button>
            <button type="submit" className="button button-primary" disabled={start.isPending} autoFocus>
              {start.isPending ? t('dossiers.export.starting') : t('dossiers.export.start')}
            </button>
          </div>
        </form>
      ) : (
        <>
          <ExportProgress initial={job} />
          <div className="button-row dossier-buttons">
            <button type="button" className="button" onClick={onClose} autoFocus>
              {t('dossiers.export.close')}
            </button>
          </div>
        </>
      )}
    </dialog>
  )
}

function ExportProgress({ initial }: { initial: ExportJob }) {
  const { t } = useTranslation()
  const query = useQuery({ ...exportJobQuery(initial.id), initialData: initial, initialDataUpdatedAt: 0 })
  const job = query.data
  if (job.status === 'failed') {
    return (
      <div className="alert alert-error" role="alert">
        <p>{t('dossiers.export.failed')}</p>
        {job.error && <p className="small">{job.error}</p>}
      </div>
    )
  }
  if (job.status === 'done') {
    if (job.isExpired)
      return (
        <div className="alert alert-warning" role="status">
          <p>{t('dossiers.export.expired')}</p>
        </div>
      )
    return (
      <div className="alert alert-success dossier-done" role="status">
        <p>{t('dossiers.export.done')}</p>
        <p>
          <a className="button button-primary" href={exportFileUrl(job.id)} download>
            <span aria-hidden="true">⇩ </span>
            {t('dossiers.export.download')}
          </a>
        </p>
        {job.sizeBytes !== undefined && <p className="small">{t('dossiers.export.size', { size: formatBytes(job.sizeBytes) })}</p>}
        <p className="small muted">{t('dossiers.export.verifyHint')}</p>
      </div>
    )
  }
  const percent = job.status === 'queued' ? 0 : job.percent
  return (
    <div className="dossier-progress" aria-live="polite">
      <p>{job.status === 'queued' ? t('dossiers.export.queued') : t('dossiers.export.running', { percent })}</p>
      <div
        className="progress"
        role="progressbar"
        aria-label={t('dossiers.export.progressLabel')}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
      >
        <span style={{ width: `${percent}%` }} />
      </div>
      <ProblemMessage error={query.error} />
    </div>
  )
}

function LanguageChoice({
  value,
  label,
  checked,
  onChange,
}: {
  value: DossierLanguage
  label: string
  checked: boolean
  onChange: (value: DossierLanguage) => void
}) {
  return (
    <label lang={value}>
      <input type="radio" name="dossier-language" value={value} checked={checked} onChange={() => onChange(value)} />
      <span>{label}</span>
    </label>
  )
}

function Check({ label, hint, checked, onChange }: { label: string; hint: string; checked: boolean; onChange: (value: boolean) => void }) {
  const id = useId()
  return (
    <div className="dossier-check">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        onChange={(event) => onChange(event.target.checked)}
        aria-describedby={`${id}-hint`}
      />
      <div>
        <label htmlFor={id}>{label}</label>
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      </div>
    </div>
  )
}
