// The one door out to the SMTP server (nodemailer). Subjects and names in Khmer are encoded by
// nodemailer (RFC 2047 encoded words in headers, UTF-8 bodies).
import { createTransport } from 'nodemailer'
import type { MailConfig } from '../../config.ts'

export interface OutgoingEmail {
  to: string
  subject: string
  text: string
  html: string | null
}

export interface Mailer {
  /** Sends one message; resolves with the Message-ID the SMTP server accepted. */
  send(message: OutgoingEmail): Promise<{ messageId: string | null }>
  close(): void
}

export function createMailer(config: MailConfig): Mailer {
  const transport = createTransport(
    typeof config.smtp === 'string'
      ? config.smtp
      : { ...config.smtp, connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 },
    { from: config.from },
  )
  return {
    async send(message) {
      const info = await transport.sendMail({
        to: message.to,
        subject: message.subject,
        text: message.text,
        ...(message.html ? { html: message.html } : {}),
        // Tells mail servers and auto-responders that no person wrote it (RFC 3834).
        headers: { 'Auto-Submitted': 'auto-generated' },
      })
      return { messageId: typeof info.messageId === 'string' ? info.messageId : null }
    },
    close: () => transport.close(),
  }
}

/**
 * What may be logged or stored of a sending failure: the SMTP code and reply, with any e-mail
 * address in it replaced (a rejected recipient is personal data).
 */
export function describeMailError(error: unknown): string {
  const failure = error as { code?: unknown; responseCode?: unknown; response?: unknown; message?: unknown }
  const parts = [
    typeof failure.code === 'string' ? failure.code : undefined,
    typeof failure.responseCode === 'number' ? String(failure.responseCode) : undefined,
    typeof failure.response === 'string' ? failure.response : typeof failure.message === 'string' ? failure.message : undefined,
  ].filter(Boolean)
  return (parts.join(' ') || 'unknown error').replace(/[^\s<>"'(),;:]+@[^\s<>"'(),;:]+/g, '[address]').slice(0, 500)
}
