// The words of Dey's e-mails, in the recipient's language. An e-mail carries what the
// notification names (shared/notifications.ts describeNotification) and a link to Dey — no
// privileged notes, parties, witnesses or contacts: those stay behind the sign-in.
import { describeNotification } from '../../../shared/notification-wording.ts'
import type { LanguageCode, NotificationKind } from '../../../shared/vocabularies.ts'

export interface RenderedEmail {
  subject: string
  text: string
  html: string
}

interface EmailItem {
  kind: NotificationKind
  params: Record<string, unknown>
  link: string | null
}

const FRAME = {
  en: {
    open: 'Open in Dey',
    footer: 'You get this e-mail because of your notification settings in Dey: change them under My account.',
    digestSubject: (count: number, day: string) => `Dey: ${count} notification${count === 1 ? '' : 's'}, ${day}`,
    digestIntro: (count: number) => `Your notifications since the last e-mail (${count}):`,
  },
  km: {
    open: 'បើកក្នុង Dey',
    footer: 'អ្នកទទួលអ៊ីមែលនេះ ដោយសារការកំណត់ការជូនដំណឹងរបស់អ្នកក្នុង Dey៖ អាចប្ដូរបាននៅ «គណនីរបស់ខ្ញុំ»។',
    digestSubject: (count: number, day: string) => `Dey៖ ការជូនដំណឹង ${count} ថ្ងៃ ${day}`,
    digestIntro: (count: number) => `ការជូនដំណឹងរបស់អ្នកតាំងពីអ៊ីមែលចុងក្រោយ (${count})៖`,
  },
} as const

/** A link inside Dey, made absolute; only paths of Dey itself (a stored link is never an outside URL). */
function absoluteLink(publicUrl: string, link: string | null): string {
  return link && link.startsWith('/') && !link.startsWith('//') ? `${publicUrl}${link}` : `${publicUrl}/`
}

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!)

function htmlPage(language: LanguageCode, body: string): string {
  return `<!doctype html><html lang="${language}"><head><meta charset="utf-8"></head><body style="font-family: sans-serif; line-height: 1.5">${body}</body></html>`
}

/** One e-mail for one notification. */
export function renderNotificationEmail(item: EmailItem, language: LanguageCode, publicUrl: string): RenderedEmail {
  const { title, detail } = describeNotification(item.kind, item.params, language)
  const frame = FRAME[language]
  const url = absoluteLink(publicUrl, item.link)
  const text = [title, detail, '', `${frame.open}: ${url}`, '', '--', frame.footer].filter((line) => line !== null).join('\n')
  const html = htmlPage(
    language,
    `<p><strong>${escapeHtml(title)}</strong></p>${detail ? `<p>${escapeHtml(detail)}</p>` : ''}` +
      `<p><a href="${escapeHtml(url)}">${escapeHtml(frame.open)}</a></p><hr><p style="color: #666; font-size: small">${escapeHtml(frame.footer)}</p>`,
  )
  return { subject: `[Dey] ${title}`, text, html }
}

/** The daily digest: every notification not e-mailed yet, oldest first. */
export function renderDigestEmail(items: readonly EmailItem[], day: string, language: LanguageCode, publicUrl: string): RenderedEmail {
  const frame = FRAME[language]
  const entries = items.map((item) => ({
    ...describeNotification(item.kind, item.params, language),
    url: absoluteLink(publicUrl, item.link),
  }))
  const text = [
    frame.digestIntro(items.length),
    '',
    ...entries.flatMap((entry) => [`• ${entry.title}`, ...(entry.detail ? [`  ${entry.detail}`] : []), `  ${entry.url}`, '']),
    '--',
    frame.footer,
  ].join('\n')
  const html = htmlPage(
    language,
    `<p>${escapeHtml(frame.digestIntro(items.length))}</p><ul>` +
      entries
        .map(
          (entry) =>
            `<li><a href="${escapeHtml(entry.url)}">${escapeHtml(entry.title)}</a>${entry.detail ? `<br>${escapeHtml(entry.detail)}` : ''}</li>`,
        )
        .join('') +
      `</ul><hr><p style="color: #666; font-size: small">${escapeHtml(frame.footer)}</p>`,
  )
  return { subject: frame.digestSubject(items.length, day), text, html }
}
