import pino, { type DestinationStream, type Logger } from 'pino'
import type { Config } from './config.ts'

/** Structured JSON logs; human-readable lines when a person is watching the terminal. */
export function createLogger(config: Pick<Config, 'logLevel'>, destination?: DestinationStream): Logger {
  const isTerminal = destination === undefined && process.stdout.isTTY === true
  const options: pino.LoggerOptions = {
    level: config.logLevel,
    // People named in Dey's data can be at risk: secrets and contacts never reach the logs.
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
        '*.password',
        '*.currentPassword',
        '*.newPassword',
        '*.temporaryPassword',
        '*.passwordHash',
        '*.phone',
        '*.leaderPhone',
        '*.email',
        '*.token',
        '*.senderName',
        '*.telegramUserId',
        '*.telegramUsername',
        '*.telegramChatId',
        '*.phoneNumber',
      ],
      censor: '[redacted]',
    },
    serializers: { err: serializeError, error: serializeError, req: serializeRequest },
    ...(isTerminal ? { transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss', ignore: 'pid,hostname' } } } : {}),
  }
  return destination ? pino(options, destination) : pino(options)
}

/**
 * A request as it may be logged: the query string's values stay out (a search `q=` is often a
 * person's name or phone number), its keys stay in; no headers (cookies, user agents).
 */
export function serializeRequest(request: { method?: string; url?: string; ip?: string; routeOptions?: { url?: string } }) {
  const [rawPath = '', query] = (request.url ?? '').split('?', 2)
  // A calendar feed's address is its only key (features/calendar/calendar-feeds): its token never reaches a log.
  // Nor do the webhooks' secret paths (features/intake), nor the address of someone reporting
  // without an account: an anonymous sender's IP can name them.
  const path = rawPath
    .replace(/^(\/api\/calendar\/feeds\/)[^/]+\.ics$/, '$1[token].ics')
    .replace(/^(\/api\/intake\/(?:telegram|sms)\/)[^/]+/, '$1[secret]')
  const isAnonymousSender = /^\/api\/(?:public\/intake|intake\/(?:telegram|sms))\//.test(rawPath)
  const keys = query ? [...new URLSearchParams(query).keys()] : []
  return {
    method: request.method,
    url: keys.length ? `${path}?${keys.map((key) => `${encodeURIComponent(key)}=…`).join('&')}` : path,
    ...(request.routeOptions?.url ? { route: request.routeOptions.url } : {}),
    ...(isAnonymousSender ? {} : { remoteAddress: request.ip }),
  }
}

interface SerializedError {
  type: string
  message: string
  stack?: string
  code?: string
  constraint?: string
  table?: string
  column?: string
  cause?: SerializedError
}

/**
 * An error as it may be logged. A failed query's error carries the query's parameters (names,
 * phone numbers, addresses of the people in the row) in its message, and the database's own
 * error its `detail` ("Key (email)=(…) already exists") and values quoted in its message: the
 * SQL text with its $n placeholders, the error codes and the constraint are kept, the values never.
 */
export function serializeError(error: unknown, depth = 0): SerializedError {
  if (!(error instanceof Error)) return { type: typeof error, message: '[not an Error]' }
  const fields = error as Error & {
    query?: unknown
    params?: unknown
    code?: unknown
    constraint?: unknown
    table?: unknown
    column?: unknown
  }
  const isFailedQuery = typeof fields.query === 'string' && Array.isArray(fields.params)
  const isDatabaseError = typeof fields.code === 'string' && /^[0-9A-Z]{5}$/.test(fields.code) && 'severity' in error
  const message = isFailedQuery
    ? `Failed query: ${fields.query as string}`
    : isDatabaseError
      ? withoutQuotedValue(error.message)
      : error.message
  const serialized: SerializedError = {
    type: error.constructor?.name ?? 'Error',
    message,
    ...(error.stack ? { stack: `${error.constructor?.name ?? 'Error'}: ${message}\n${stackFrames(error.stack)}` } : {}),
    ...(typeof fields.code === 'string' ? { code: fields.code } : {}),
    ...(typeof fields.constraint === 'string' ? { constraint: fields.constraint } : {}),
    ...(typeof fields.table === 'string' ? { table: fields.table } : {}),
    ...(typeof fields.column === 'string' ? { column: fields.column } : {}),
  }
  if (error.cause !== undefined && depth < 5) serialized.cause = serializeError(error.cause, depth + 1)
  return serialized
}

/** PostgreSQL ends messages about a bad value with it: `invalid input syntax for type uuid: "…"`. */
function withoutQuotedValue(message: string): string {
  return message.replace(/: ".*"$/s, ': [value not logged]').replace(/\(.*\)=\(.*\)/gs, '(…)=(…)')
}

/** The "    at …" lines of a stack, without the message above them (which may hold values). */
function stackFrames(stack: string): string {
  return stack
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .join('\n')
}
