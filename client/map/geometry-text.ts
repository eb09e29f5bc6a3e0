// The geometry editor's sentences: what to do now, and what is wrong with the shape.
import { formatNumber } from '../lib/format.ts'
import type { GeometryIssue, ServerGeometryProblem } from './geometry-checks.ts'

export type EditorMode = 'idle' | 'draw' | 'edit' | 'move' | 'remove'
type Mode = EditorMode

type Translate = (key: string, options?: Record<string, unknown>) => string

export function helpText(t: Translate, mode: Mode, partCount: number, points: number): string {
  switch (mode) {
    case 'draw':
      return points < 3 ? t('geometry.help.drawing', { count: formatNumber(3 - points) }) : t('geometry.help.canFinish')
    case 'edit':
      return t('geometry.help.edit')
    case 'move':
      return t('geometry.help.move')
    case 'remove':
      return t('geometry.help.remove')
    default:
      return partCount === 0 ? t('geometry.help.empty') : t('geometry.help.idle')
  }
}

export function issueText(t: Translate, issue: GeometryIssue, partCount: number): string {
  const part = (index: number) => formatNumber(index + 1)
  const prefix = (index: number) => (partCount > 1 ? `${t('geometry.issues.part', { part: part(index) })} ` : '')
  switch (issue.code) {
    case 'tooFewPoints':
      return prefix(issue.part) + t('geometry.issues.tooFewPoints', { count: formatNumber(issue.count), minimum: formatNumber(3) })
    case 'zeroArea':
      return prefix(issue.part) + t('geometry.issues.zeroArea')
    case 'selfIntersection':
      return prefix(issue.part) + t('geometry.issues.selfIntersection')
    case 'partsOverlap':
      return t('geometry.issues.partsOverlap', { a: part(issue.parts[0]), b: part(issue.parts[1]) })
  }
}

/** The server's refusal in words: why, in which part (when there are several). */
export function serverProblemText(t: Translate, problem: ServerGeometryProblem, partCount: number): string {
  const reason = t(`geometry.server.reason.${problem.reason}`)
  const where =
    problem.part !== undefined && partCount > 1 ? ` ${t('geometry.server.inPart', { part: formatNumber(problem.part + 1) })}` : ''
  const marked = problem.point ? ` ${t('geometry.server.marked')}` : ''
  return reason + where + marked
}
