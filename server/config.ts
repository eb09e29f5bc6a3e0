// The only file that reads process.env. Everything else receives a parsed Config.
import { isIP } from 'node:net'
import path from 'node:path'
import { z } from 'zod'
import { DEFAULT_WARN_DISTANCE_KM } from '../shared/sanity.ts'
import { USER_ROLES, type UserRole } from '../shared/vocabularies.ts'
import { AREA_KINDS, DEFAULT_REGION_MARGIN_KM, geometryRules, type AreaKind, type GeometryRules } from './lib/geometry-rules.ts'

const Env = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z.string().refine(isPostgresUrl, 'must be a postgres:// or postgresql:// URL with a host').optional(),
  /** Load the fictional demo data into an empty database: by default, except with NODE_ENV=production. */
  DEY_DEMO: z.enum(['0', '1']).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /**
   * Behind a TLS-terminating reverse proxy: how many proxy hops to believe (`1`), or the proxies'
   * addresses or CIDR ranges, comma-separated (`10.0.0.5,10.0.1.0/24`, or `loopback`). Never
   * `true`: believing every hop lets any client choose its own address in X-Forwarded-For.
   */
  TRUST_PROXY: z
    .string()
    .transform((value, context) => {
      const parsed = parseTrustProxy(value)
      if (parsed === undefined) {
        context.addIssue({
          code: 'custom',
          message:
            "must be the number of proxy hops (e.g. 1) or the proxies' addresses or CIDR ranges, comma-separated (e.g. 10.0.0.5,loopback); 'true' would let any client choose its own address",
        })
        return z.NEVER
      }
      return parsed
    })
    .optional(),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(5)
    .max(7 * 24 * 60)
    .default(120),
  SESSION_MAX_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  /** Largest evidence file accepted; 2 GiB by default (videos of evictions are large). */
  EVIDENCE_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(2 * 1024 ** 3),
  /** The map's basemap: a Leaflet tile URL template (https only), or 'none' for no basemap. */
  TILE_URL: z
    .string()
    .refine((value) => value === 'none' || isTileTemplate(value), "must be an https:// URL template with {z}, {x} and {y}, or 'none'")
    .default('https://tile.openstreetmap.org/{z}/{x}/{y}.png'),
  TILE_ATTRIBUTION: z.string().max(500).default('© OpenStreetMap contributors'),
  /**
   * How many basemap tiles a user may save for offline use around their communities (0: the
   * download is not offered). Only for a tile server whose terms allow it: never OpenStreetMap's.
   */
  TILE_OFFLINE_MAX_TILES: z.coerce.number().int().min(0).max(100_000).default(0),
  /** Chromium that prints dossiers to PDF (Debian's by default); without it dossiers have no PDF. */
  CHROMIUM_PATH: z.string().min(1).default('/usr/bin/chromium'),
  /**
   * The audit trail's signed checkpoints: the Ed25519 key that signs them (created at first start;
   * keep it, or a copy of its `.pub`, away from the database), the folder they are written to (ship
   * it elsewhere), and how often the head is checkpointed.
   */
  AUDIT_SIGNING_KEY_FILE: z.string().min(1).optional(),
  AUDIT_CHECKPOINT_DIR: z.string().min(1).optional(),
  AUDIT_CHECKPOINT_MINUTES: z.coerce
    .number()
    .min(0)
    .max(24 * 60)
    .default(15),
  /**
   * PostgreSQL: a role that owns the schema and applies migrations, while DATABASE_URL's role only
   * reads and writes rows and so can neither disable the audit trail's triggers nor rewrite it.
   */
  DATABASE_OWNER_URL: z.string().refine(isPostgresUrl, 'must be a postgres:// or postgresql:// URL with a host').optional(),
  /** Hours a finished dossier ZIP stays downloadable before its file is deleted (the record stays). */
  EXPORT_RETENTION_HOURS: z.coerce
    .number()
    .min(0.01)
    .max(24 * 365)
    .default(24),
  /**
   * The longest one background job (a dossier export, a GIS import) may run before it counts as
   * failed and is retried — by any server: a server killed mid-job leaves it to another after this.
   */
  DEY_JOB_TIMEOUT_SECONDS: z.coerce.number().int().min(2).max(86_400).default(900),
  /**
   * PostgreSQL: the longest one SQL statement of a request may run, in milliseconds (0: no limit).
   * Past it the request answers 503 and its connection goes back to the pool, so a few slow
   * requests cannot hold every connection. Migrations and background jobs run without it.
   */
  DEY_STATEMENT_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(60 * 60 * 1000)
    .default(15_000),
  /** How often the precomputed land figures of /api/stats catch up with bulk changes (0: never between requests). */
  DEY_STATS_REFRESH_SECONDS: z.coerce.number().int().min(0).max(3600).default(10),
  DEY_TILE_CACHE_MB: z.coerce.number().int().min(0).max(65536).default(64),
  /**
   * The region stored positions must lie in, as west,south,east,north in degrees (Cambodia's
   * provinces by default: another country's coalition sets its own), widened on every side by
   * DEY_REGION_MARGIN_KM.
   */
  DEY_REGION_BBOX: z
    .string()
    .transform((text, context) => {
      const values = text.split(',').map((part) => Number(part.trim()))
      const [west, south, east, north] = values as [number, number, number, number]
      if (values.length !== 4 || values.some((value) => !Number.isFinite(value))) {
        context.addIssue({ code: 'custom', message: 'must be four numbers: west,south,east,north (degrees, WGS 84)' })
        return z.NEVER
      }
      if (west < -180 || east > 180 || south < -85 || north > 85 || west >= east || south >= north) {
        context.addIssue({ code: 'custom', message: 'must have -180 ≤ west < east ≤ 180 and -85 ≤ south < north ≤ 85' })
        return z.NEVER
      }
      return [west, south, east, north] as const
    })
    .optional(),
  DEY_REGION_MARGIN_KM: z.coerce.number().min(0).max(1000).default(DEFAULT_REGION_MARGIN_KM),
  /** A report farther than this (km) from its community, or from its photos' GPS, is flagged for staff and the reporter. */
  DEY_WARN_DISTANCE_KM: z.coerce.number().positive().max(1000).default(DEFAULT_WARN_DISTANCE_KM),
  /**
   * Largest plausible area per kind, in hectares, e.g. `parcel=5000,concession=500000` (kinds not
   * named keep their default; see lib/geometry-rules.ts). Larger areas need an admin's override.
   */
  DEY_MAX_AREA_HA: z
    .string()
    .transform((text, context) => {
      const limits: Partial<Record<AreaKind, number>> = {}
      for (const entry of text
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean)) {
        const [kind, value] = entry.split('=').map((part) => part.trim())
        const hectares = Number(value)
        if (!(AREA_KINDS as readonly string[]).includes(kind ?? '') || !Number.isFinite(hectares) || hectares <= 0) {
          context.addIssue({
            code: 'custom',
            message: `must be kind=hectares pairs, comma-separated, kinds among ${AREA_KINDS.join(', ')}`,
          })
          return z.NEVER
        }
        limits[kind as AreaKind] = hectares
      }
      return limits
    })
    .optional(),
  /**
   * E-mail for notifications and reminders: an SMTP server as smtp://user:password@host:587 (or
   * smtps:// for TLS from the start, port 465), or its parts in SMTP_HOST, SMTP_PORT, SMTP_USER,
   * SMTP_PASSWORD, SMTP_SECURE. Unset: no e-mail; notifications stay in the app.
   */
  SMTP_URL: z.string().refine(isSmtpUrl, 'must be an smtp:// or smtps:// URL with a host').optional(),
  SMTP_HOST: z.string().min(1).max(300).optional(),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  SMTP_USER: z.string().min(1).max(300).optional(),
  SMTP_PASSWORD: z.string().min(1).max(300).optional(),
  /** 1: TLS from the start (port 465); 0 (default): plain, upgraded with STARTTLS when offered. */
  SMTP_SECURE: z.enum(['0', '1']).optional(),
  /** The sender of Dey's e-mails, e.g. `Dey <dey@example.org>`; needed with an SMTP server. */
  MAIL_FROM: z.string().trim().min(3).max(300).optional(),
  /** The address people open Dey at, for links in e-mails (default: http://HOST:PORT). */
  PUBLIC_URL: z
    .string()
    .refine((value) => /^https?:\/\/[^/]+/.test(value) && URL.canParse(value), 'must be an http:// or https:// URL')
    .optional(),
  /** How often each server process sweeps for due reminders, queues e-mails and sends them (0: never). */
  REMINDER_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  /**
   * Where evidence bytes live: unset for DATA_DIR/evidence on this machine, or an S3-compatible
   * bucket as s3://bucket/optional/prefix (AWS S3, MinIO, Garage, Ceph RGW, Backblaze B2). Credentials
   * come from the standard AWS variables (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, or a role).
   */
  EVIDENCE_STORE: z
    .string()
    .refine(
      (value) => parseS3Url(value) !== undefined,
      's3://bucket/prefix (a bucket name of 3 to 63 lowercase letters, digits, dots or hyphens)',
    )
    .optional(),
  /** The S3 endpoint for a non-AWS store, e.g. http://minio.internal:9000 (AWS_ENDPOINT_URL_S3 is read too). */
  AWS_ENDPOINT_URL_S3: z
    .string()
    .refine((value) => /^https?:\/\//.test(value) && URL.canParse(value), 'must be an http:// or https:// URL')
    .optional(),
  AWS_ENDPOINT_URL: z
    .string()
    .refine((value) => /^https?:\/\//.test(value) && URL.canParse(value), 'must be an http:// or https:// URL')
    .optional(),
  AWS_REGION: z.string().min(1).max(64).optional(),
  /** 1: address the bucket in the path (http://host/bucket/key), as MinIO and most self-hosted stores need. */
  S3_FORCE_PATH_STYLE: z.enum(['0', '1']).optional(),
  /**
   * Where resumable uploads wait until complete (DATA_DIR/evidence/uploads by default). Several app
   * servers share one folder here (a network mount), so an upload started on one resumes on another.
   */
  UPLOADS_DIR: z.string().min(1).optional(),
  /** Rate limits shared through Redis (redis://host:6379) instead of PostgreSQL. */
  REDIS_URL: z
    .string()
    .refine((value) => /^rediss?:\/\//.test(value) && URL.canParse(value), 'must be a redis:// or rediss:// URL')
    .optional(),
  /**
   * Sign-in attempts allowed per client address per minute (the per-account lockout is separate).
   * Raise it for an office whose staff all sign in through one public address.
   */
  LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000).default(10),
  /**
   * Telegram intake: the bot's token (from @BotFather) and the secret Telegram repeats in the
   * X-Telegram-Bot-Api-Secret-Token header and that is part of the webhook's path
   * (/api/intake/telegram/<secret>). Both or neither.
   */
  TELEGRAM_BOT_TOKEN: z
    .string()
    .regex(/^\d+:[A-Za-z0-9_-]{20,}$/, 'must be a bot token as @BotFather gives it (123456:ABC…)')
    .optional(),
  TELEGRAM_WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{24,256}$/, 'must be 24 to 256 letters, digits, _ or - (Telegram allows no others)')
    .optional(),
  /** The Bot API server (a local Bot API server, or the tests' stand-in). */
  TELEGRAM_API_URL: z
    .string()
    .refine((value) => /^https?:\/\//.test(value) && URL.canParse(value), 'must be an http(s) URL')
    .default('https://api.telegram.org'),
  /**
   * SMS intake: the secret in the gateway webhook's path (/api/intake/sms/<secret>), and where
   * replies are sent (the gateway's API, e.g. http://phone.lan:8080 for SMS Gateway for Android).
   */
  SMS_WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{24,256}$/, 'must be 24 to 256 letters, digits, _ or -')
    .optional(),
  SMS_GATEWAY_URL: z
    .string()
    .refine((value) => /^https?:\/\//.test(value) && URL.canParse(value), 'must be an http(s) URL (user:password@ for basic auth)')
    .optional(),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').max(200).optional(),
  /**
   * Roles that must sign in with a second factor (TOTP), comma-separated, or 'none'. Admin and legal
   * accounts read privileged notes and witnesses' names, so they need one by default.
   */
  TWO_FACTOR_ROLES: z
    .string()
    .transform((text, context) => {
      if (text.trim() === 'none') return [] as UserRole[]
      const roles = text
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean)
      const unknown = roles.filter((role) => !(USER_ROLES as readonly string[]).includes(role))
      if (unknown.length > 0 || roles.length === 0) {
        context.addIssue({ code: 'custom', message: `must be roles among ${USER_ROLES.join(', ')}, comma-separated, or 'none'` })
        return z.NEVER
      }
      return roles as UserRole[]
    })
    .default(['admin', 'legal']),
  /**
   * Scheduled backups: a cron expression (e.g. '0 2 * * *', in UTC like every schedule of the job
   * queue) and where they go (a folder or s3://bucket/prefix). Both or neither. One server of a
   * cluster runs each.
   */
  BACKUP_CRON: z.string().min(9).max(100).optional(),
  BACKUP_TARGET: z.string().min(1).max(1000).optional(),
  /**
   * Tests only (NODE_ENV=test): the time reminders and digests take as now, frozen, e.g.
   * 2027-03-01T09:00:00+07:00, so tests running real server processes control their clock.
   */
  DEY_TEST_NOW: z.iso.datetime({ offset: true }).optional(),
})

/** The SMTP server and the sender of Dey's e-mails. */
export interface MailConfig {
  /** A nodemailer SMTP URL, or the server's parts. */
  smtp: string | { host: string; port: number; secure: boolean; auth?: { user: string; pass: string } }
  from: string
}

export interface Config {
  port: number
  host: string
  dataDir: string
  databaseUrl: string | undefined
  loadDemoData: boolean
  logLevel: z.infer<typeof Env>['LOG_LEVEL']
  isProduction: boolean
  /** Proxy hops, or proxy addresses/ranges, whose X-Forwarded-* headers are believed. */
  trustProxy: number | string[] | undefined
  sessionIdleMinutes: number
  sessionMaxHours: number
  evidenceMaxBytes: number
  /** null: the map has no basemap (no internet, or none wanted). */
  tileUrl: string | null
  tileAttribution: string
  /** Basemap tiles a user may save for offline use (0: not offered). */
  tileOfflineMaxTiles: number
  /** The Chromium binary for dossier PDFs (server/lib/pdf.ts). */
  chromiumPath: string
  exportRetentionHours: number
  /** A background job running longer is failed and retried (server/lib/jobs.ts). */
  jobTimeoutSeconds: number
  auditSigningKeyFile: string
  auditCheckpointDir: string
  /** 0: only at start-up and shutdown. */
  auditCheckpointMinutes: number
  /** The schema owner's connection for migrations; absent: DATABASE_URL's role migrates itself. */
  databaseOwnerUrl: string | undefined
  /** 0: no limit. */
  statementTimeoutMs: number
  /** 0: the stats' land figures are refreshed only by the requests that read them. */
  statsRefreshSeconds: number
  /** Memory for rendered map tiles; 0: none. */
  tileCacheMB: number
  /** Where stored positions may lie and how large areas may be. */
  geometryRules: GeometryRules
  /** undefined: no e-mail (SMTP not configured). */
  mail: MailConfig | undefined
  /** The address people open Dey at, without a trailing slash (links in e-mails). */
  publicUrl: string
  /** 0: no reminder sweeps nor e-mail sending in this process. */
  reminderIntervalSeconds: number
  /** undefined: evidence on local disk (DATA_DIR/evidence). */
  evidenceStore: S3Location | undefined
  /** How to reach S3 for any s3:// URL (the evidence store, a copy or backup target). */
  s3: S3Access
  /** Resumable uploads in progress (tus), shared by the app servers. */
  uploadsDir: string
  /** Rate-limit counters in Redis; undefined: in the database. */
  redisUrl: string | undefined
  /** undefined: no /api/metrics. */
  metricsToken: string | undefined
  /** Roles that must sign in with a second factor. */
  twoFactorRoles: UserRole[]
  loginRateLimit: number
  telegram: { botToken: string; webhookSecret: string; apiUrl: string } | undefined
  sms: { webhookSecret: string; gatewayUrl: string | undefined } | undefined
  /** undefined: no scheduled backups. */
  backup: { cron: string; target: string } | undefined
  /** Tests only: the frozen time reminders and digests take as now. */
  testNow: Date | undefined
}

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`invalid configuration: ${issues.join('; ')}`)
    this.name = 'ConfigError'
  }
}

export function loadConfig(env: NodeJS.ProcessEnv): Config {
  // An empty variable (`PORT=`) means "not set", as a shell user expects.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''))
  const parsed = Env.safeParse(present)
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')} ${describeIssue(issue, present)}`))
  }
  const e = parsed.data
  const isProduction = e.NODE_ENV === 'production'
  const dataDir = path.resolve(e.DATA_DIR)
  if (e.DATABASE_OWNER_URL && !e.DATABASE_URL) {
    throw new ConfigError(['DATABASE_OWNER_URL is invalid (hidden): it is used only together with DATABASE_URL'])
  }
  if (e.TILE_OFFLINE_MAX_TILES > 0 && e.TILE_URL !== 'none' && isOpenStreetMapTiles(e.TILE_URL)) {
    throw new ConfigError([
      `TILE_OFFLINE_MAX_TILES is invalid (${e.TILE_OFFLINE_MAX_TILES}): OpenStreetMap's tile servers forbid downloading tiles for offline use (https://operations.osmfoundation.org/policies/tiles/); set TILE_URL to a tile server that allows it, or leave TILE_OFFLINE_MAX_TILES at 0`,
    ])
  }
  if (isProduction && e.DEY_DEMO === '1') {
    throw new ConfigError([
      'DEY_DEMO is invalid ("1"): the fictional demo data\'s accounts have published passwords and are never loaded with NODE_ENV=production',
    ])
  }
  if (e.DEY_TEST_NOW && e.NODE_ENV !== 'test') {
    throw new ConfigError([`DEY_TEST_NOW is invalid (${JSON.stringify(e.DEY_TEST_NOW)}): it is honoured only with NODE_ENV=test`])
  }
  if ((e.BACKUP_CRON === undefined) !== (e.BACKUP_TARGET === undefined)) {
    throw new ConfigError(['BACKUP_CRON and BACKUP_TARGET go together: set both or neither'])
  }
  const mail = mailConfig(e)
  if ((e.TELEGRAM_BOT_TOKEN === undefined) !== (e.TELEGRAM_WEBHOOK_SECRET === undefined)) {
    throw new ConfigError(['TELEGRAM_BOT_TOKEN and TELEGRAM_WEBHOOK_SECRET go together: set both or neither'])
  }
  if (e.SMS_GATEWAY_URL && !e.SMS_WEBHOOK_SECRET) {
    throw new ConfigError(['SMS_GATEWAY_URL set without SMS_WEBHOOK_SECRET: set the webhook secret too'])
  }
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL,
    loadDemoData: e.DEY_DEMO === undefined ? !isProduction : e.DEY_DEMO === '1',
    logLevel: e.LOG_LEVEL,
    isProduction,
    trustProxy: e.TRUST_PROXY,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    sessionMaxHours: e.SESSION_MAX_HOURS,
    evidenceMaxBytes: e.EVIDENCE_MAX_BYTES,
    tileUrl: e.TILE_URL === 'none' ? null : e.TILE_URL,
    tileAttribution: e.TILE_ATTRIBUTION,
    tileOfflineMaxTiles: e.TILE_URL === 'none' ? 0 : e.TILE_OFFLINE_MAX_TILES,
    chromiumPath: e.CHROMIUM_PATH,
    exportRetentionHours: e.EXPORT_RETENTION_HOURS,
    jobTimeoutSeconds: e.DEY_JOB_TIMEOUT_SECONDS,
    auditSigningKeyFile: path.resolve(e.AUDIT_SIGNING_KEY_FILE ?? path.join(dataDir, 'keys', 'audit-signing.key')),
    auditCheckpointDir: path.resolve(e.AUDIT_CHECKPOINT_DIR ?? path.join(dataDir, 'audit-checkpoints')),
    auditCheckpointMinutes: e.AUDIT_CHECKPOINT_MINUTES,
    databaseOwnerUrl: e.DATABASE_OWNER_URL,
    statementTimeoutMs: e.DEY_STATEMENT_TIMEOUT_MS,
    statsRefreshSeconds: e.DEY_STATS_REFRESH_SECONDS,
    tileCacheMB: e.DEY_TILE_CACHE_MB,
    geometryRules: geometryRules({
      extent: e.DEY_REGION_BBOX,
      marginKm: e.DEY_REGION_MARGIN_KM,
      maxAreaHa: e.DEY_MAX_AREA_HA,
      warnDistanceKm: e.DEY_WARN_DISTANCE_KM,
    }),
    mail,
    publicUrl: (e.PUBLIC_URL ?? `http://${e.HOST === '0.0.0.0' || e.HOST === '::' ? 'localhost' : e.HOST}:${e.PORT}`).replace(/\/+$/, ''),
    reminderIntervalSeconds: e.REMINDER_INTERVAL_SECONDS,
    evidenceStore: e.EVIDENCE_STORE ? s3LocationOf(e.EVIDENCE_STORE, s3Access(e))! : undefined,
    s3: s3Access(e),
    uploadsDir: path.resolve(e.UPLOADS_DIR ?? path.join(dataDir, 'evidence', 'uploads')),
    redisUrl: e.REDIS_URL,
    metricsToken: e.METRICS_TOKEN,
    twoFactorRoles: e.TWO_FACTOR_ROLES,
    loginRateLimit: e.LOGIN_RATE_LIMIT,
    telegram:
      e.TELEGRAM_BOT_TOKEN && e.TELEGRAM_WEBHOOK_SECRET
        ? { botToken: e.TELEGRAM_BOT_TOKEN, webhookSecret: e.TELEGRAM_WEBHOOK_SECRET, apiUrl: e.TELEGRAM_API_URL.replace(/\/+$/, '') }
        : undefined,
    sms: e.SMS_WEBHOOK_SECRET ? { webhookSecret: e.SMS_WEBHOOK_SECRET, gatewayUrl: e.SMS_GATEWAY_URL } : undefined,
    backup: e.BACKUP_CRON && e.BACKUP_TARGET ? { cron: e.BACKUP_CRON, target: e.BACKUP_TARGET } : undefined,
    testNow: e.DEY_TEST_NOW ? new Date(e.DEY_TEST_NOW) : undefined,
  }
}

function mailConfig(e: z.infer<typeof Env>): MailConfig | undefined {
  if (!e.SMTP_URL && !e.SMTP_HOST) {
    const stray = (['SMTP_PORT', 'SMTP_USER', 'SMTP_PASSWORD', 'SMTP_SECURE'] as const).filter((name) => e[name] !== undefined)
    if (stray.length > 0) throw new ConfigError([`${stray.join(', ')} set without SMTP_HOST: set SMTP_HOST (or SMTP_URL) too`])
    return undefined
  }
  if (e.SMTP_URL && e.SMTP_HOST) throw new ConfigError(['SMTP_URL is invalid (hidden): set either SMTP_URL or SMTP_HOST, not both'])
  if (!e.MAIL_FROM)
    throw new ConfigError([
      'MAIL_FROM is missing: an SMTP server is configured, so Dey needs a sender address, e.g. "Dey <dey@example.org>"',
    ])
  if (e.SMTP_URL) return { smtp: e.SMTP_URL, from: e.MAIL_FROM }
  if ((e.SMTP_USER === undefined) !== (e.SMTP_PASSWORD === undefined)) {
    throw new ConfigError(['SMTP_USER and SMTP_PASSWORD go together: set both or neither'])
  }
  const secure = e.SMTP_SECURE === '1'
  return {
    smtp: {
      host: e.SMTP_HOST!,
      port: e.SMTP_PORT ?? (secure ? 465 : 587),
      secure,
      ...(e.SMTP_USER && e.SMTP_PASSWORD ? { auth: { user: e.SMTP_USER, pass: e.SMTP_PASSWORD } } : {}),
    },
    from: e.MAIL_FROM,
  }
}

function describeIssue(issue: z.core.$ZodIssue, env: Record<string, unknown>): string {
  const name = String(issue.path[0])
  const isSecret = [
    'DATABASE_URL',
    'DATABASE_OWNER_URL',
    'SMTP_URL',
    'SMTP_PASSWORD',
    'REDIS_URL',
    'METRICS_TOKEN',
    'TELEGRAM_BOT_TOKEN',
    'TELEGRAM_WEBHOOK_SECRET',
    'SMS_WEBHOOK_SECRET',
    'SMS_GATEWAY_URL',
  ].includes(name)
  const value = isSecret ? '(hidden)' : JSON.stringify(env[name])
  return `is invalid (${value}): ${issue.message}`
}

function isTileTemplate(value: string): boolean {
  try {
    const url = new URL(value.replaceAll('{s}', 'a'))
    return (url.protocol === 'https:' || url.protocol === 'http:') && ['{z}', '{x}', '{y}'].every((part) => value.includes(part))
  } catch {
    return false
  }
}

/** OpenStreetMap's own tile servers (tile.openstreetmap.org and its subdomains). */
function isOpenStreetMapTiles(tileUrl: string): boolean {
  const host = new URL(tileUrl.replaceAll('{s}', 'a')).hostname
  return host === 'openstreetmap.org' || host.endsWith('.openstreetmap.org')
}

/** The origin a tile template loads images from, for the Content-Security-Policy ({s} → any subdomain). */
export function tileOriginOf(tileUrl: string): string {
  const url = new URL(tileUrl.replaceAll('{s}', 'subdomain'))
  return `${url.protocol}//${url.host.replace(/^subdomain\./, '*.')}`
}

/** Names proxy-addr understands for whole ranges (the proxy on the same machine, a private network). */
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal'])

function parseTrustProxy(value: string): number | string[] | undefined {
  const text = value.trim()
  if (/^\d+$/.test(text)) {
    const hops = Number(text)
    return hops >= 1 && hops <= 10 ? hops : undefined
  }
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
  const isAddressOrRange = (entry: string) => {
    if (PROXY_RANGE_NAMES.has(entry)) return true
    const [address, prefix, ...rest] = entry.split('/')
    const version = isIP(address ?? '')
    if (version === 0 || rest.length > 0) return false
    return prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128))
  }
  return entries.length > 0 && entries.every(isAddressOrRange) ? entries : undefined
}

function isSmtpUrl(value: string): boolean {
  try {
    const url = new URL(value)
    return (url.protocol === 'smtp:' || url.protocol === 'smtps:') && url.hostname !== ''
  } catch {
    return false
  }
}

function isPostgresUrl(value: string): boolean {
  try {
    const url = new URL(value)
    return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== ''
  } catch {
    return false
  }
}

/** Where the embedded database keeps its files. */
export const pgliteDirOf = (config: Config) => path.join(config.dataDir, 'pglite')

/** Where evidence files are stored. */
export const evidenceDirOf = (config: Config) => path.join(config.dataDir, 'evidence')

/** Where dossier ZIPs wait to be downloaded. */
export const exportsDirOf = (config: Config) => path.join(config.dataDir, 'exports')

/** How to reach an S3-compatible service: AWS itself, or an endpoint of MinIO, Garage, Ceph RGW, B2. */
export interface S3Access {
  /** undefined: AWS itself. */
  endpoint: string | undefined
  region: string
  forcePathStyle: boolean
}

/** An S3-compatible bucket and the key prefix under it, with how to reach it. */
export interface S3Location extends S3Access {
  bucket: string
  /** '' or ends with '/'. */
  prefix: string
}

/** s3://bucket/some/prefix → bucket and prefix ('some/prefix/'); undefined when it is not one. */
export function parseS3Url(value: string): { bucket: string; prefix: string } | undefined {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(\/.*)?$/.exec(value)
  if (!match) return undefined
  const prefix = (match[2] ?? '').replace(/^\/+/, '').replace(/\/+$/, '')
  return { bucket: match[1]!, prefix: prefix ? `${prefix}/` : '' }
}

/** s3://bucket/prefix reached as the AWS variables say; undefined when it is not an s3:// URL. */
export function s3LocationOf(url: string, access: S3Access): S3Location | undefined {
  const parsed = parseS3Url(url)
  return parsed && { ...access, ...parsed }
}

function s3Access(e: z.infer<typeof Env>): S3Access {
  const endpoint = e.AWS_ENDPOINT_URL_S3 ?? e.AWS_ENDPOINT_URL
  return {
    endpoint,
    region: e.AWS_REGION ?? 'us-east-1',
    // Self-hosted stores rarely have a DNS name per bucket.
    forcePathStyle: e.S3_FORCE_PATH_STYLE === undefined ? endpoint !== undefined : e.S3_FORCE_PATH_STYLE === '1',
  }
}
