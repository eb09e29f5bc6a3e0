// A target's progress: the bar of what is done with a mark at what is expected by today, and its
// pace status as words with a symbol (the colour is never the only signal).
import './pace-bar.css'
import type { PaceStatus } from '../../shared/vocabularies.ts'

const SYMBOLS: Record<PaceStatus, string> = { ahead: '▲', on_track: '✓', behind: '▼', not_started: '○' }

export function PaceBar({
  done,
  target,
  expected,
  status,
  label,
  valueText,
  testId = 'pace-bar',
}: {
  done: number
  target: number
  expected: number | null
  status: PaceStatus | null
  /** What the bar is about (the target's label), for screen readers. */
  label: string
  valueText: string
  testId?: string
}) {
  const share = (value: number) => Math.max(0, Math.min(100, (value / target) * 100))
  return (
    <div
      className={status ? `pace-bar is-${status}` : 'pace-bar'}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={target}
      aria-valuenow={done}
      aria-valuetext={valueText}
      data-testid={testId}
    >
      <span className="pace-bar-done" style={{ width: `${share(done)}%` }} />
      {expected !== null && (
        <i className="pace-bar-expected" data-testid="pace-expected" style={{ left: `${share(expected)}%` }} aria-hidden="true" />
      )}
    </div>
  )
}

export function PaceStatusText({ status, text }: { status: PaceStatus; text: string }) {
  return (
    <span className={`pace-status is-${status}`} data-testid="pace-status">
      <span aria-hidden="true">{SYMBOLS[status]}</span>
      {text}
    </span>
  )
}
