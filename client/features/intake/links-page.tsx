// Public report links: staff make one per community or campaign, copy its address or print its QR
// code for a village meeting, see what came in through it, and close it when it is no longer needed
// (or abused); a closed link's page says so and takes nothing.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { CreateIntakeLinkBody, type IntakeLink } from '../../../shared/intake.ts'
import { ConflictNotice } from '../../components/conflict-notice.tsx'
import { Field } from '../../components/field.tsx'
import { PageHeader } from '../../components/page-header.tsx'
import { ProblemMessage } from '../../components/problem-message.tsx'
import { isConflict } from '../../lib/api-client.ts'
import { serverFieldErrors, validate, type FieldErrors } from '../../lib/form-errors.ts'
import { formatNumber } from '../../lib/format.ts'
import { numberOrNull } from '../../lib/form-values.ts'
import { communityOptionsQuery, localName, localText } from '../../lib/reference-data.ts'
import { useCan } from '../../lib/session.ts'
import { createIntakeLink, intakeKey, intakeLinkQrUrl, intakeLinksQuery, updateIntakeLink } from './api.ts'
import { registerIntakeStrings } from './strings.ts'
import './intake.css'

registerIntakeStrings()

export function IntakeLinksPage() {
  const { t } = useTranslation()
  const can = useCan()
  const links = useQuery(intakeLinksQuery())
  const [created, setCreated] = useState<IntakeLink>()
  return (
    <div className="page intake-links-page">
      <PageHeader
        title={t('intake.linksNav')}
        actions={
          can('intake.moderate') && (
            <Link to="/intake" className="button">
              {t('common.nav.intake')}
            </Link>
          )
        }
      >
        <p className="muted">{t('intake.links.intro')}</p>
      </PageHeader>

      <NewLinkForm onCreated={setCreated} />
      {created && (
        <p className="alert alert-success" role="status">
          {t('intake.links.created', { title: localText(created.title, created.titleKm) })}
        </p>
      )}

      <ProblemMessage error={links.error} onRetry={() => void links.refetch()} />
      {links.isPending && (
        <p className="page-loading" role="status">
          <span className="spinner" aria-hidden="true" />
          <span className="visually-hidden">{t('common.state.loading')}</span>
        </p>
      )}
      {links.isSuccess && links.data.items.length === 0 && <p className="card empty">{t('intake.links.empty')}</p>}
      {links.data && links.data.items.length > 0 && (
        <ul className="intake-link-list">
          {links.data.items.map((link) => (
            <LinkItem key={link.id} link={link} />
          ))}
        </ul>
      )}
    </div>
  )
}

interface NewLinkValues {
  title: string
  titleKm: string
  communityId: string
  hourlyLimit: string
}

const EMPTY: NewLinkValues = { title: '', titleKm: '', communityId: '', hourlyLimit: '60' }

function NewLinkForm({ onCreated }: { onCreated: (link: IntakeLink) => void }) {
  const { t, i18n } = useTranslation()
  const queryClient = useQueryClient()
  const communities = useQuery(communityOptionsQuery())
  const [values, setValues] = useState(EMPTY)
  const [errors, setErrors] = useState<FieldErrors>({})
  const create = useMutation({
    mutationFn: createIntakeLink,
    onSuccess: async (link) => {
      setValues(EMPTY)
      onCreated(link)
      await queryClient.invalidateQueries({ queryKey: intakeKey })
    },
    onError: (error) => setErrors(serverFieldErrors(t, error)),
  })
  const set = (key: keyof NewLinkValues, value: string) => setValues((current) => ({ ...current, [key]: value }))
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const checked = validate(
      CreateIntakeLinkBody,
      {
        title: values.title,
        titleKm: values.titleKm.trim() || undefined,
        communityId: values.communityId || undefined,
        hourlyLimit: numberOrNull(values.hourlyLimit) ?? undefined,
      },
      t,
    )
    if (!checked.ok) {
      setErrors(checked.errors)
      return
    }
    setErrors({})
    create.mutate(checked.data)
  }
  return (
    <form className="card intake-new-link" onSubmit={submit} noValidate aria-labelledby="intake-new-link">
      <h2 id="intake-new-link">{t('intake.links.new')}</h2>
      <div className="form-grid">
        <Field label={t('incidents.field.title')} error={errors.title} required>
          <input value={values.title} onChange={(event) => set('title', event.target.value)} maxLength={200} />
        </Field>
        <Field label={t('intake.links.titleKm')} error={errors.titleKm}>
          <input value={values.titleKm} onChange={(event) => set('titleKm', event.target.value)} maxLength={200} lang="km" />
        </Field>
        <Field label={t('common.field.community')} error={errors.communityId}>
          <select value={values.communityId} onChange={(event) => set('communityId', event.target.value)}>
            <option value="">{t('intake.links.anyCommunity')}</option>
            {communities.data?.map((community) => (
              <option key={community.id} value={community.id}>
                {localName(community, i18n.language)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('intake.links.hourlyLimit')} hint={t('intake.links.hourlyHint')} error={errors.hourlyLimit}>
          <input
            type="number"
            inputMode="numeric"
            min={1}
            max={10_000}
            value={values.hourlyLimit}
            onChange={(event) => set('hourlyLimit', event.target.value)}
          />
        </Field>
      </div>
      {!(create.error && Object.keys(serverFieldErrors(t, create.error)).length > 0) && <ProblemMessage error={create.error} />}
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          {create.isPending ? t('common.state.saving') : t('intake.links.create')}
        </button>
      </div>
    </form>
  )
}

function LinkItem({ link }: { link: IntakeLink }) {
  const { t, i18n } = useTranslation()
  const queryClient = useQueryClient()
  const [isQrShown, setQrShown] = useState(false)
  const [isPrinting, setPrinting] = useState(false)
  const [isCopied, setCopied] = useState(false)
  const communities = useQuery(communityOptionsQuery())
  const community = communities.data?.find((candidate) => candidate.id === link.communityId)
  const title = localText(link.title, link.titleKm, i18n.language)
  const isOpen = link.closedAt === null
  const headingId = `intake-link-${link.id}`
  const toggle = useMutation({
    mutationFn: () => updateIntakeLink(link.id, { isOpen: !isOpen, version: link.version }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: intakeKey }),
  })
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link.url)
      setCopied(true)
    } catch {
      // No clipboard (an insecure context, or refused): the address stays selectable in its field.
      setCopied(false)
    }
  }
  const print = () => {
    setPrinting(true)
    // The print styles show only the QR panel marked for printing; after the dialog, the page is whole again.
    window.addEventListener('afterprint', () => setPrinting(false), { once: true })
    requestAnimationFrame(() => window.print())
  }

  return (
    <li className="card intake-link" aria-labelledby={headingId} data-testid="intake-link">
      <div className="intake-link-head">
        <h2 id={headingId}>{title}</h2>
        <span className={isOpen ? 'badge badge-green' : 'badge badge-red'}>
          {isOpen ? t('intake.links.open') : t('intake.links.closed')}
        </span>
      </div>
      {community && <p className="small muted">{localName(community, i18n.language)}</p>}
      <div className="intake-link-url">
        <label className="visually-hidden" htmlFor={`${headingId}-url`}>
          {title}
        </label>
        <input id={`${headingId}-url`} className="input mono" readOnly value={link.url} onFocus={(event) => event.target.select()} />
        <button type="button" className="button" onClick={() => void copy()} aria-live="polite">
          {isCopied ? `✓ ${t('intake.links.copied')}` : t('intake.links.copy')}
        </button>
      </div>
      <p className="small">
        {t('intake.links.counts', { received: formatNumber(link.reportCount), waiting: formatNumber(link.waitingCount) })}
        {link.waitingCount > 0 && (
          <>
            {' · '}
            <Link to={`/intake?link=${link.id}`}>{t('intake.status.new')}</Link>
          </>
        )}
      </p>
      {isConflict(toggle.error) ? (
        <ConflictNotice
          onReload={() => {
            toggle.reset()
            void queryClient.invalidateQueries({ queryKey: intakeKey })
          }}
        />
      ) : (
        <ProblemMessage error={toggle.error} />
      )}
      <div className="button-row">
        <button type="button" className="button" aria-expanded={isQrShown} onClick={() => setQrShown(!isQrShown)}>
          {isQrShown ? t('intake.links.hideQr') : t('intake.links.showQr')}
        </button>
        <button
          type="button"
          className={isOpen ? 'button button-danger' : 'button'}
          disabled={toggle.isPending}
          onClick={() => toggle.mutate()}
        >
          {isOpen ? t('intake.links.close') : t('intake.links.reopen')}
        </button>
      </div>
      {isQrShown && (
        <figure className={isPrinting ? 'intake-qr is-printing' : 'intake-qr'}>
          <img src={intakeLinkQrUrl(link.id)} alt={t('intake.links.qrAlt', { url: link.url })} width={240} height={240} />
          <figcaption>
            <strong>{title}</strong>
            <span className="intake-qr-scan">{t('intake.links.scan')}</span>
            <span className="mono">{link.url}</span>
          </figcaption>
          <button type="button" className="button intake-qr-print" onClick={print}>
            {t('intake.links.print')}
          </button>
        </figure>
      )}
    </li>
  )
}
