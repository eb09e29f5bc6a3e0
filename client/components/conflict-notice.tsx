import { useTranslation } from 'react-i18next'

/**
 * Shown when saving hit a 409: someone else saved first. The user's edits stay in the form; they
 * can load the current version (losing theirs) or save theirs over it knowingly.
 */
export function ConflictNotice({ onReload, onOverwrite }: { onReload: () => void; onOverwrite?: () => void }) {
  const { t } = useTranslation()
  return (
    <div className="alert alert-warning" role="alert">
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
