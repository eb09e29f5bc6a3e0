import pino, { type Logger } from 'pino'
import type { Config } from './config.ts'

/** Structured JSON logs; human-readable lines when a person is watching the terminal. */
export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  const isTerminal = process.stdout.isTTY === true
  return pino({
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
      ],
      censor: '[redacted]',
    },
    ...(isTerminal
      ? { transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss', ignore: 'pid,hostname' } } }
      : {}),
  })
}
