// The outbox's failures in the user's words: the problem's code picks the sentence.
import type { TFunction } from 'i18next'
import type { OutboxError } from './outbox-entry.ts'

export function reasonText(t: TFunction, error: OutboxError): string {
  if (error.kind === 'network') return t('report.reason.network')
  if (error.kind === 'auth') return t('report.reason.signIn')
  if (error.kind === 'server') return t('report.reason.server')
  switch (error.code) {
    case 'place.province_required':
    case 'geometry.outside_region':
      return t('report.reason.outsideCambodia')
    case 'incidents.community_required':
      return t('report.reason.communityRequired')
    case 'incidents.already_reported':
    case 'incidents.client_report_id_taken':
      return t('report.reason.alreadyReported')
    case 'evidence.hash_mismatch':
      return t('report.reason.hashMismatch')
    case 'evidence.unsupported_type':
    case 'request.not_multipart':
      return t('report.reason.unsupportedType')
    case 'evidence.too_large':
      return t('report.reason.tooLarge')
    default:
      break
  }
  if (error.status === 403) return t('report.reason.forbidden')
  if (error.status === 413) return t('report.reason.tooLarge')
  if (error.status === 415) return t('report.reason.unsupportedType')
  if (error.status === 400 || error.status === 422) return t('report.reason.invalid')
  return t('common.error.server', { requestId: error.requestId ?? error.status ?? '' })
}
