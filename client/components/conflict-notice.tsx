import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'

/**
 * Shown when saving hit a 409: someone else saved first. The user's edits stay in the form; they
 * can load the current version (losing theirs) or save theirs over it knowingly. It takes the focus
 * when it appears: Save is at the bottom of a long form, and on a phone the notice at its top would
 * otherwise be out of sight, as if nothing had happened.
 */
export function ConflictNotice({ onReload, onOverwrite }: { onReload: () => void; onOverwrite?: () => void }) {
  const { t } = useTranslation()
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => {
    ref.current?.scrollIntoView?.({ block: 'center' })
    ref.current?.focus({ preventScroll: true })
  }, [])
  return (
    <div ref={ref} className="alert alert-warning" role="alert" tabIndex={-1}>
      <p>
        <strong>{t('common.conflict.title')}</strong>
      </p>
      <p>{t('common.conflict.body')}</p>
      <div className="button-row">
        <button type="button" className="button" onClick={onReload}>
          {t('common.conflict.reload')}
        </button>
        {onOverwrite && (
          <button type="button" className="button button-danger" onClick={onOverwrite}>
            {t('common.conflict.keepMine')}
          </button>
        )}
      </div>
    </div>
  )
}
