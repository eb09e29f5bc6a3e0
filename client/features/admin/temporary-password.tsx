// A temporary password, shown once: the server keeps only its hash, so after "I have noted it"
// nobody can see it again (a new one needs another reset).
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'

export interface IssuedPassword {
  name: string
  password: string
}

export function TemporaryPassword({ issued, onDone }: { issued: IssuedPassword; onDone: () => void }) {
  const { t } = useTranslation()
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'failed'>('idle')
  const headingRef = useRef<HTMLHeadingElement>(null)
  const inputRef = useRef<HTMLInputElement>(null)
  useEffect(() => {
    headingRef.current?.focus()
    headingRef.current?.scrollIntoView?.({ block: 'nearest' })
  }, [issued])

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(issued.password)
      setCopyState('copied')
    } catch {
      // No clipboard (plain http, an old browser): select it so a long-press copies it.
      inputRef.current?.select()
      setCopyState('failed')
    }
  }

  return (
    <section className="alert alert-warning temporary-password" aria-labelledby="temporary-password-title" data-testid="temporary-password">
      <h2 id="temporary-password-title" ref={headingRef} tabIndex={-1}>
        {t('admin.users.password.title', { name: issued.name })}
      </h2>
      <p>{t('admin.users.password.warning', { name: issued.name })}</p>
      <div className="temporary-password-row">
        <label className="visually-hidden" htmlFor="temporary-password-value">
          {t('admin.users.password.label')}
        </label>
        <input
          id="temporary-password-value"
          ref={inputRef}
          className="input mono temporary-password-value"
          readOnly
          value={issued.password}
          onFocus={(event) => event.target.select()}
          autoComplete="off"
          spellCheck={false}
        />
        <button type="button" className="button" onClick={() => void copy()}>
          {copyState === 'copied' ? `✓ ${t('admin.users.password.copied')}` : t('admin.users.password.copy')}
        </button>
      </div>
      <p role="status" className="small">
        {copyState === 'failed' ? t('admin.users.password.copyFailed') : ''}
      </p>
      <button type="button" className="button button-primary" onClick={onDone}>
        {t('admin.users.password.done')}
      </button>
    </section>
  )
}
