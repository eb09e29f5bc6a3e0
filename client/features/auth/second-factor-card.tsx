// "Two-step sign-in" on My account: set up a TOTP authenticator (the QR code comes from the server
// as SVG, so the bundle carries no QR library), keep the recovery codes shown once, make new ones,
// and turn it off where the role allows. With `isForced` (the role requires it and there is none
// yet) it is the only card on the page, and finishing it lets the user into the app.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { SecondFactorSetup } from '../../../shared/auth.ts'
import { Field } from '../../components/field.tsx'
import { ProblemMessage } from '../../components/problem-message.tsx'
import { ApiError } from '../../lib/api-client.ts'
import { formatDateTime } from '../../lib/format.ts'
import { meQueryKey } from '../../lib/session.ts'
import {
  codeDigitsOf,
  confirmSecondFactor,
  disableSecondFactor,
  regenerateRecoveryCodes,
  secondFactorKey,
  secondFactorQuery,
  startSecondFactorSetup,
} from './second-factor-api.ts'

/** Below this many unused recovery codes the card suggests new ones. */
const FEW_CODES = 3

export function SecondFactorCard({ isForced = false, onEnrolled }: { isForced?: boolean; onEnrolled?: () => void }) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const status = useQuery(secondFactorQuery())
  const [setup, setSetup] = useState<SecondFactorSetup | undefined>()
  /** Codes just made: kept only in this page's memory, shown until the user says they are saved. */
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | undefined>()
  const [isTurnedOff, setTurnedOff] = useState(false)

  const start = useMutation({ mutationFn: startSecondFactorSetup, onSuccess: setSetup })
  const refresh = () => queryClient.invalidateQueries({ queryKey: secondFactorKey })
  const codesSaved = async () => {
    setRecoveryCodes(undefined)
    // Only now: the page must not move on (and lose the codes) before they are saved.
    await Promise.all([refresh(), queryClient.invalidateQueries({ queryKey: meQueryKey })])
    onEnrolled?.()
  }

  const factor = status.data
  return (
    <section className="card second-factor-card" aria-labelledby="second-factor-title">
      <h2 id="second-factor-title" className="card-title">
        {t('auth.secondFactor.title')}
      </h2>
      {isForced && !recoveryCodes && (
        <p className="alert alert-warning" role="alert">
          {t('auth.secondFactor.mustEnrol')}
        </p>
      )}
      <p>{t('auth.secondFactor.intro')}</p>
      {status.isPending && <p className="muted">{t('common.state.loading')}</p>}
      <ProblemMessage error={status.error} onRetry={() => void status.refetch()} />

      {recoveryCodes ? (
        <RecoveryCodesShown codes={recoveryCodes} onSaved={() => void codesSaved()} />
      ) : factor && !factor.isEnrolled ? (
        <>
          {isTurnedOff && (
            <p className="alert alert-success" role="status">
              {t('auth.secondFactor.turnedOff')}
            </p>
          )}
          {!setup ? (
            <>
              {!isForced && !isTurnedOff && <p className="muted">{t('auth.secondFactor.off')}</p>}
              <button type="button" className="button button-primary" onClick={() => start.mutate()} disabled={start.isPending}>
                {start.isPending ? t('auth.secondFactor.starting') : t('auth.secondFactor.setUp')}
              </button>
              <ProblemMessage error={start.error} />
            </>
          ) : (
            <EnrolSteps
              setup={setup}
              onConfirmed={(codes) => {
                setSetup(undefined)
                setTurnedOff(false)
                setRecoveryCodes(codes)
              }}
            />
          )}
        </>
      ) : factor?.isEnrolled ? (
        <>
          <p data-testid="second-factor-on">
            {t('auth.secondFactor.on', { date: formatDateTime(factor.enrolledAt) })}{' '}
            {t('auth.secondFactor.codesLeft', { count: factor.recoveryCodesLeft })}
          </p>
          {factor.recoveryCodesLeft < FEW_CODES && <p className="alert alert-warning">{t('auth.secondFactor.fewCodesLeft')}</p>}
          <RegenerateCodes onMade={setRecoveryCodes} />
          {factor.isRequired ? (
            <p className="small muted">{t('auth.secondFactor.required')}</p>
          ) : (
            <TurnOff
              onTurnedOff={async () => {
                setTurnedOff(true)
                await refresh()
              }}
            />
          )}
        </>
      ) : null}
    </section>
  )
}

/** A 6-digit code field as phones want it: the number pad, and the code offered by the keyboard or a password manager. */
function CodeInput({
  value,
  onChange,
  label,
  error,
}: {
  value: string
  onChange: (value: string) => void
  label: string
  error?: string | undefined
}) {
  return (
    <Field label={label} error={error} required>
      <input
        name="code"
        className="one-time-code"
        inputMode="numeric"
        autoComplete="one-time-code"
        pattern="[0-9]*"
        value={value}
        onChange={(event) => onChange(codeDigitsOf(event.target.value))}
      />
    </Field>
  )
}

const isWrongCode = (error: unknown) => error instanceof ApiError && error.code === 'auth.invalid_second_factor'

function EnrolSteps({ setup, onConfirmed }: { setup: SecondFactorSetup; onConfirmed: (codes: string[]) => void }) {
  const { t } = useTranslation()
  const [code, setCode] = useState('')
  const confirm = useMutation({ mutationFn: () => confirmSecondFactor(code), onSuccess: (result) => onConfirmed(result.recoveryCodes) })
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (code.length === 6) confirm.mutate()
  }
  // An <img> of the SVG, not inline markup: nothing in it can run, whatever the server sent.
  const qrSrc = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(setup.qrSvg)}`
  return (
    <div className="second-factor-setup">
      <p>{t('auth.secondFactor.scan')}</p>
      <img className="second-factor-qr" src={qrSrc} alt={t('auth.secondFactor.qrAlt')} width={220} height={220} />
      <p className="small">{t('auth.secondFactor.manual')}</p>
      <p>
        <code className="second-factor-secret" data-testid="second-factor-secret" translate="no">
          {setup.secret.replace(/(.{4})/g, '$1 ').trim()}
        </code>
      </p>
      <form onSubmit={submit} noValidate>
        <p>{t('auth.secondFactor.enterCode')}</p>
        <CodeInput
          label={t('auth.secondFactor.code')}
          value={code}
          onChange={setCode}
          error={isWrongCode(confirm.error) ? t('auth.secondFactor.wrongCode') : undefined}
        />
        {confirm.error && !isWrongCode(confirm.error) && <ProblemMessage error={confirm.error} />}
        <button type="submit" className="button button-primary" disabled={confirm.isPending || code.length !== 6}>
          {confirm.isPending ? t('auth.secondFactor.confirming') : t('auth.secondFactor.confirm')}
        </button>
      </form>
    </div>
  )
}

type CopyState = 'idle' | 'copied' | 'by-hand'

function RecoveryCodesShown({ codes, onSaved }: { codes: string[]; onSaved: () => void }) {
  const { t } = useTranslation()
  const [copyState, setCopyState] = useState<CopyState>('idle')
  const listRef = useRef<HTMLOListElement>(null)
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(codes.join('\n'))
      setCopyState('copied')
    } catch {
      // No clipboard on a plain-http office network: select the codes for the user to copy.
      if (listRef.current) window.getSelection()?.selectAllChildren(listRef.current)
      setCopyState('by-hand')
    }
  }
  return (
    <div className="recovery-codes" aria-labelledby="recovery-codes-title">
      <h3 id="recovery-codes-title">{t('auth.secondFactor.codesTitle')}</h3>
      <p>{t('auth.secondFactor.codesIntro')}</p>
      <p className="alert alert-warning">{t('auth.secondFactor.codesOnce')}</p>
      <ol ref={listRef} className="recovery-code-list" data-testid="recovery-codes" translate="no">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <div className="button-row no-print">
        <button type="button" className="button" onClick={() => void copy()}>
          {t('auth.secondFactor.copyCodes')}
        </button>
        <button type="button" className="button" onClick={() => window.print()}>
          {t('auth.secondFactor.printCodes')}
        </button>
        <button type="button" className="button button-primary" onClick={onSaved}>
          {t('auth.secondFactor.codesSaved')}
        </button>
      </div>
      {copyState !== 'idle' && (
        <p role="status" className="small">
          {t(copyState === 'copied' ? 'auth.secondFactor.copied' : 'auth.secondFactor.copyByHand')}
        </p>
      )}
    </div>
  )
}

function RegenerateCodes({ onMade }: { onMade: (codes: string[]) => void }) {
  const { t } = useTranslation()
  const [code, setCode] = useState('')
  const regenerate = useMutation({
    mutationFn: () => regenerateRecoveryCodes(code),
    onSuccess: (result) => {
      setCode('')
      onMade(result.recoveryCodes)
    },
  })
  return (
    <form
      className="second-factor-section"
      onSubmit={(event) => {
        event.preventDefault()
        if (code.length === 6) regenerate.mutate()
      }}
      noValidate
    >
      <h3>{t('auth.secondFactor.regenerateTitle')}</h3>
      <p className="small">{t('auth.secondFactor.regenerateIntro')}</p>
      <CodeInput
        label={t('auth.secondFactor.code')}
        value={code}
        onChange={setCode}
        error={isWrongCode(regenerate.error) ? t('auth.secondFactor.wrongCode') : undefined}
      />
      {regenerate.error && !isWrongCode(regenerate.error) && <ProblemMessage error={regenerate.error} />}
      <button type="submit" className="button" disabled={regenerate.isPending || code.length !== 6}>
        {regenerate.isPending ? t('auth.secondFactor.regenerating') : t('auth.secondFactor.regenerate')}
      </button>
    </form>
  )
}

function TurnOff({ onTurnedOff }: { onTurnedOff: () => Promise<void> }) {
  const { t } = useTranslation()
  const [isOpen, setOpen] = useState(false)
  const [password, setPassword] = useState('')
  const [code, setCode] = useState('')
  const turnOff = useMutation({ mutationFn: () => disableSecondFactor({ password, code }), onSuccess: onTurnedOff })
  if (!isOpen) {
    return (
      <div className="second-factor-section">
        <button type="button" className="button button-danger" onClick={() => setOpen(true)}>
          {t('auth.secondFactor.turnOff')}
        </button>
      </div>
    )
  }
  const isWrongPassword = turnOff.error instanceof ApiError && turnOff.error.code === 'auth.wrong_password'
  return (
    <form
      className="second-factor-section"
      onSubmit={(event) => {
        event.preventDefault()
        if (password && code.length === 6) turnOff.mutate()
      }}
      noValidate
    >
      <h3>{t('auth.secondFactor.turnOff')}</h3>
      <p className="small">{t('auth.secondFactor.turnOffIntro')}</p>
      <Field label={t('auth.secondFactor.password')} error={isWrongPassword ? t('auth.secondFactor.wrongPassword') : undefined} required>
        <input
          type="password"
          name="password"
          autoComplete="current-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
      </Field>
      <CodeInput
        label={t('auth.secondFactor.code')}
        value={code}
        onChange={setCode}
        error={isWrongCode(turnOff.error) ? t('auth.secondFactor.wrongCode') : undefined}
      />
      {turnOff.error && !isWrongCode(turnOff.error) && !isWrongPassword && <ProblemMessage error={turnOff.error} />}
      <div className="button-row">
        <button type="submit" className="button button-danger" disabled={turnOff.isPending || !password || code.length !== 6}>
          {turnOff.isPending ? t('auth.secondFactor.turningOff') : t('auth.secondFactor.turnOff')}
        </button>
        <button type="button" className="button" onClick={() => setOpen(false)} disabled={turnOff.isPending}>
          {t('auth.secondFactor.cancel')}
        </button>
      </div>
    </form>
  )
}
