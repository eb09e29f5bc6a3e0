// Delete with a second, explicit step: the first button opens a short question in the page (not a
// browser pop-up, which reads badly on phones and cannot be translated), the second one deletes.
import { useEffect, useId, useRef, useState, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'

interface ConfirmDeleteProps {
  /** The question, e.g. "Delete this community?" */
  question: string
  /** What deleting means, e.g. "It disappears from lists and maps; the audit log keeps it." */
  consequence: string
  onConfirm: () => void
  isBusy?: boolean
  /** The first button's text; "Delete" when absent. */
  label?: string
  /** The confirming button's text, and its text while busy ("Delete", "Deleting…" when absent). */
  confirmLabel?: string
  busyLabel?: string
  /** An error from the last attempt, shown inside the question. */
  children?: ReactNode
}

export function ConfirmDelete({
  question,
  consequence,
  onConfirm,
  isBusy = false,
  label,
  confirmLabel,
  busyLabel,
  children,
}: ConfirmDeleteProps) {
  const { t } = useTranslation()
  const [isAsking, setAsking] = useState(false)
  const id = useId()
  const cancelRef = useRef<HTMLButtonElement>(null)
  useEffect(() => {
    if (isAsking) cancelRef.current?.focus()
  }, [isAsking])
  if (!isAsking) {
    return (
      <button type="button" className="button button-danger" onClick={() => setAsking(true)}>
        {label ?? t('common.action.delete')}
      </button>
    )
  }
  return (
    <div className="rec-confirm alert alert-warning" role="alertdialog" aria-labelledby={`${id}-q`} aria-describedby={`${id}-c`}>
      <p id={`${id}-q`}>
        <strong>{question}</strong>
      </p>
      <p id={`${id}-c`}>{consequence}</p>
      {children}
      <div className="button-row">
        <button type="button" className="button button-danger" onClick={onConfirm} disabled={isBusy}>
          {isBusy ? (busyLabel ?? t('common.delete.deleting')) : (confirmLabel ?? t('common.delete.confirm'))}
        </button>
        <button ref={cancelRef} type="button" className="button" onClick={() => setAsking(false)} disabled={isBusy}>
          {t('common.action.cancel')}
        </button>
      </div>
    </div>
  )
}
