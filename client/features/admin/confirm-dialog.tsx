// "Are you sure?" before an action that locks someone out. A native <dialog> opened as a modal:
// it keeps keyboard focus inside, Escape cancels, and the page behind cannot be clicked.
import { useEffect, useRef, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'

interface ConfirmDialogProps {
  title: string
  children: ReactNode
  confirmLabel: string
  isDanger?: boolean
  isWorking?: boolean
  onConfirm: () => void
  onCancel: () => void
}

export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  isDanger = false,
  isWorking = false,
  onConfirm,
  onCancel,
}: ConfirmDialogProps) {
  const { t } = useTranslation()
  const ref = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    if (typeof dialog.showModal === 'function' && !dialog.open) dialog.showModal()
    else dialog.setAttribute('open', '')
    return () => {
      if (typeof dialog.close === 'function' && dialog.open) dialog.close()
    }
  }, [])
  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      aria-labelledby="confirm-dialog-title"
      onCancel={(event) => {
        event.preventDefault()
        onCancel()
      }}
    >
      <h2 id="confirm-dialog-title">{title}</h2>
      <div className="confirm-dialog-body">{children}</div>
      <div className="button-row">
        <button type="button" className="button" onClick={onCancel} autoFocus>
          {t('common.action.cancel')}
        </button>
        <button
          type="button"
          className={isDanger ? 'button button-danger' : 'button button-primary'}
          onClick={onConfirm}
          disabled={isWorking}
        >
          {isWorking ? t('common.state.saving') : confirmLabel}
        </button>
      </div>
    </dialog>
  )
}
