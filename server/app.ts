// buildApp assembles the HTTP API. The route list at the bottom is the API's table of contents.
import fastifyMultipart from '@fastify/multipart'
import fastifyStatic from '@fastify/static'
import fastifySwagger from '@fastify/swagger'
import fastifySwaggerUi from '@fastify/swagger-ui'
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify'
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod'
import { existsSync } from 'node:fs'
import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Database, Db } from '../db/open.ts'
import type { BlobStore } from './lib/blob-store.ts'
import type { Locker } from '@tus/server'
import { registerCompression } from './lib/compression.ts'
import { communitiesRoutes, communityPlansRoutes } from './features/communities/communities.routes.ts'
import { healthRoutes } from './features/health/health.routes.ts'
import { clientConfigRoutes } from './features/client-config/client-config.routes.ts'
import { tileOriginOf, type MailConfig } from './config.ts'
import { auditRoutes } from './features/audit/audit.routes.ts'
import type { CheckpointFiles } from './features/audit/audit.service.ts'
import { authRoutes } from './features/auth/auth.routes.ts'
import { secondFactorRoutes, userSecondFactorRoutes } from './features/auth/second-factor.routes.ts'
import { sessionsRoutes } from './features/auth/sessions.routes.ts'
import { usersRoutes } from './features/users/users.routes.ts'
import { concessionsRoutes } from './features/concessions/concessions.routes.ts'
import { communityOverlapsRoutes, concessionOverlapsRoutes, parcelConflictsRoutes } from './features/overlaps/overlaps.routes.ts'
import { parcelsRoutes } from './features/parcels/parcels.routes.ts'
import { incidentsRoutes } from './features/incidents/incidents.routes.ts'
import { evidenceRoutes } from './features/evidence/evidence.routes.ts'
import { tusUploadRoutes } from './features/evidence/evidence.tus.ts'
import { calendarFeedRoutes, calendarRoutes } from './features/calendar/calendar.routes.ts'
import { calendarFeedsRoutes } from './features/calendar/calendar-feeds.routes.ts'
import { caseEventsRoutes } from './features/cases/case-events.routes.ts'
import { caseLettersRoutes, documentTemplatesRoutes } from './features/document-templates/document-templates.routes.ts'
import { caseIntakeRoutes } from './features/cases/case-intake.routes.ts'
import { communityFollowRoutes, notificationDeliveryLifecycle, notificationsRoutes } from './features/notifications/notifications.routes.ts'
import { casesRoutes } from './features/cases/cases.routes.ts'
import { caseTeamRoutes } from './features/cases/case-team.routes.ts'
import { caseConflictsRoutes } from './features/cases/case-conflicts.routes.ts'
import { peopleRoutes } from './features/people/people.routes.ts'
import { caseTasksRoutes, tasksRoutes } from './features/tasks/tasks.routes.ts'
import { workRoutes } from './features/work/work.routes.ts'
import { adminAreasRoutes } from './features/admin-areas/admin-areas.routes.ts'
import { statsRoutes } from './features/stats/stats.routes.ts'
import { tilesRoutes } from './features/tiles/tiles.routes.ts'
import { activitiesRoutes } from './features/activities/activities.routes.ts'
import { committeeMembersRoutes } from './features/committee-members/committee-members.routes.ts'
import { programReportRoutes } from './features/program-report/program-report.routes.ts'
import { programTargetsRoutes } from './features/targets/targets.routes.ts'
import { deadlineProposalsRoutes, deadlineRulesRoutes } from './features/deadline-rules/deadline-rules.routes.ts'
import { layerExportsRoutes } from './features/exports/exports.routes.ts'
import { caseDossierRoutes, communityDossierRoutes, exportsRoutes } from './features/dossiers/dossiers.routes.ts'
import { createDossierQueue } from './features/dossiers/dossier.jobs.ts'
import { createImportQueue } from './features/imports/imports.jobs.ts'
import { importsRoutes } from './features/imports/imports.routes.ts'
import { createJobs, type Jobs } from './lib/jobs.ts'
import { closePdfRenderer, renderPdf } from './lib/pdf.ts'
import { geometryRules, type GeometryRules } from './lib/geometry-rules.ts'
import { handleError, PROBLEM_CONTENT_TYPE, sendProblem } from './lib/problem.ts'
import { documentRoute, openApiFrame, problemJsonSchema } from './lib/openapi.ts'
import { registerSecurity, type SecurityOptions } from './lib/security.ts'
import { registerMetrics, type MetricsOptions } from './lib/metrics.ts'
import type { Logger } from 'pino'
import type { IntakeOptions } from './features/intake/intake.options.ts'
import { intakeLinksRoutes } from './features/intake/intake-links.routes.ts'
import { intakeReportsRoutes } from './features/intake/intake-reports.routes.ts'
import { publicIntakeRoutes } from './features/intake/public-intake.routes.ts'
import { telegramIntakeRoutes } from './features/intake/telegram.routes.ts'
import { smsIntakeRoutes } from './features/intake/sms.routes.ts'

declare module 'fastify' {
  interface FastifyInstance {
    database: Database
    db: Db
    /** Where evidence bytes live (content-addressed). */
    blobStore: BlobStore
    /** Largest evidence file accepted, in bytes. */
    maxUploadBytes: number
    /** Where stored positions may lie and how large an area may be (lib/geometry-rules.ts). */
    geometryRules: GeometryRules
    /** Every API route as "METHOD /api/path/:param": the list that access-control tests check against. */
    apiRoutes: string[]
    /** Set when shutdown starts: /api/health/ready then answers 503, so a load balancer drains this server. */
    readiness: { isShuttingDown: boolean }
    /** The background job queue in the database (lib/jobs.ts): define queues and schedules before ready; depth() for metrics. */
    jobs: Jobs
  }
}

export interface AppOptions {
  /** Prometheus metrics at /api/metrics for a scraper with this bearer token (METRICS_TOKEN); absent: no metrics route. */
  metrics?: MetricsOptions | undefined
  database: Database
  /** The evidence store and the largest file it accepts. */
  evidence: {
    store: BlobStore
    maxUploadBytes: number
    /** Where resumable (tus) uploads wait until complete: one folder shared by every app server. */
    uploadsDir: string
    /** This server's own scratch folder for GIS imports; beside the uploads folder by default. */
    importsDir?: string
    /** Locks on uploads shared by several servers (PostgreSQL); tus's in-process locks by default. */
    tusLocker?: Locker
  }
  /** Session limits and CSP tile origins; defaults suit tests and a local install. */
  security?: Partial<SecurityOptions>
  /** A pino logger, or false for none (tests). */
  logger?: Logger | false
  /**
   * Behind a reverse proxy that terminates TLS: the proxy hops, or the proxies' addresses, whose
   * X-Forwarded-* headers are believed (Fastify's trustProxy). Never `true` (any client could
   * then choose its own address).
   */
  trustProxy?: number | string[] | undefined
  /**
   * The map's basemap as the client gets it from /api/client-config; OpenStreetMap by default.
   * `offlineMaxTiles`: how many tiles a user may save for offline use (0 or absent: none).
   */
  map?: { tileUrl: string | null; tileAttribution: string; offlineMaxTiles?: number }
  /** Where stored positions may lie and how large areas may be; Cambodia's by default. */
  geometryRules?: GeometryRules
  /** Memory for rendered map tiles, in MB (0: none); 64 by default. */
  tileCacheMB?: number
  /** The audit trail's signed checkpoints, for GET /api/audit/verify (none: the chain alone is checked). */
  auditCheckpoints?: CheckpointFiles
  /** Folder with the built client; defaults to dist/client. */
  clientDir?: string
  /** The clock that says what time (and which Cambodian day) it is; the real one by default. Tests pass their own. */
  now?: () => Date
  /**
   * Dossier exports: where ZIPs wait (default: an `exports` folder beside the uploads folder's
   * parent, i.e. DATA_DIR/exports), for how many hours (24), and the Chromium that prints
   * dossier.pdf (false: no PDF).
   */
  exports?: { dir?: string; retentionHours?: number; chromiumPath?: string | false }
  /**
   * Notifications' delivery: how often this process sweeps for reminders and sends e-mail (0 or
   * absent: never, as in tests), the SMTP server (absent: no e-mail) and the address links point to.
   */
  notifications?: { intervalSeconds: number; mail?: MailConfig | undefined; publicUrl: string }
  /**
   * Background jobs: the schema owner's connection that installs the queue's tables on PostgreSQL
   * (DATABASE_OWNER_URL; absent: the app's own), and an attempt's time limit (900 s by default).
   */
  jobs?: { ownerUrl?: string | undefined; timeoutSeconds?: number }
  /**
   * Reports from people without an account: the address public links and QR codes point to, and
   * the Telegram bot and SMS gateway (each absent: its webhook answers 404).
   */
  intake?: IntakeOptions
}

export const defaultClientDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist/client')

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>

export async function buildApp(options: AppOptions): Promise<App> {
  const app = Fastify({
    loggerInstance: (options.logger || undefined) as FastifyBaseLogger | undefined,
    // A request id in every log line and every problem body, so a user's report can be traced.
    genReqId: () => crypto.randomUUID(),
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    bodyLimit: 1024 * 1024,
    // Requests Node's HTTP parser refuses before Fastify sees them (a request line or headers too
    // long, bytes that are not HTTP): still answered as problem+json.
    clientErrorHandler: answerClientError,
    trustProxy: trustedProxies(options.trustProxy),
  }).withTypeProvider<ZodTypeProvider>()

  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  app.setErrorHandler(handleError)
  app.decorate('database', options.database)
  app.decorate('db', options.database.db)
  app.decorate('blobStore', options.evidence.store)
  app.decorate('maxUploadBytes', options.evidence.maxUploadBytes)
  app.decorate('geometryRules', options.geometryRules ?? geometryRules())
  const jobs = createJobs({
    database: options.database,
    ownerUrl: options.jobs?.ownerUrl,
    timeoutSeconds: options.jobs?.timeoutSeconds ?? 900,
    log: app.log,
  })
  app.decorate('jobs', jobs)
  await app.register(fastifyMultipart, {
    // The store enforces the size limit itself (multipart's own limit truncates silently).
    limits: { fileSize: options.evidence.maxUploadBytes + 1, files: 20, fields: 30, fieldSize: 64 * 1024 },
  })
  app.decorate('apiRoutes', [] as string[])
  app.decorate('readiness', { isShuttingDown: false })
  app.addHook('onRoute', (route) => {
    const isApi = route.url.startsWith('/api/') && !route.url.startsWith('/api/docs') && route.url !== '/api/openapi.json'
    const methods = [route.method].flat().filter((method) => method !== 'HEAD')
    // A prefixed '/' route is registered twice, with and without the trailing slash: list it once.
    const url = route.url.replace(/(.)\/$/, '$1')
    for (const method of isApi ? methods : []) {
      if (!app.apiRoutes.includes(`${method} ${url}`)) app.apiRoutes.push(`${method} ${url}`)
    }
  })

  const map = options.map ?? { tileUrl: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png', tileAttribution: '© OpenStreetMap contributors' }
  const security: SecurityOptions = {
    idleMinutes: 120,
    maxHours: 12,
    loginRateLimit: 10,
    allowDemoAccounts: true,
    // Tests and a bare buildApp require no second factor; server/main.ts passes TWO_FACTOR_ROLES.
    twoFactorRoles: [],
    tileOrigins: map.tileUrl ? [tileOriginOf(map.tileUrl)] : [],
    // The offline download fetches tiles from the page (images alone need no more).
    tileFetchOrigins: map.tileUrl && (map.offlineMaxTiles ?? 0) > 0 ? [tileOriginOf(map.tileUrl)] : [],
    ...options.security,
  }
  await registerSecurity(app, security)
  await registerCompression(app)
  registerMetrics(app, options.metrics)

  app.addSchema(problemJsonSchema())
  await app.register(fastifySwagger, {
    openapi: structuredClone(openApiFrame) as never,
    transform: documentRoute,
    // Shared schemas keep their names in components.schemas (Problem, not def-0).
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  })
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true })
  app.get('/api/openapi.json', { schema: { hide: true }, config: { permission: 'public' } }, () => app.swagger())

  // THE route list.
  await app.register(healthRoutes, { prefix: '/api/health' })
  await app.register(clientConfigRoutes, { prefix: '/api/client-config', ...map })
  await app.register(authRoutes, {
    prefix: '/api/auth',
    sessionLimits: security,
    loginRateLimit: security.loginRateLimit,
    allowDemoAccounts: security.allowDemoAccounts,
    twoFactorRoles: security.twoFactorRoles,
    now: options.now ?? (() => new Date()),
  })
  await app.register(secondFactorRoutes, {
    prefix: '/api/auth/second-factor',
    twoFactorRoles: security.twoFactorRoles,
    now: options.now ?? (() => new Date()),
  })
  await app.register(sessionsRoutes, { prefix: '/api/auth/sessions', sessionLimits: security })
  await app.register(usersRoutes, { prefix: '/api/users' })
  await app.register(userSecondFactorRoutes, { prefix: '/api/users' })
  await app.register(auditRoutes, { prefix: '/api/audit', checkpoints: options.auditCheckpoints })
  // Queues are defined as their features register; the workers start once every one is.
  await app.register(async (lifecycle) => {
    lifecycle.addHook('onReady', () => jobs.start())
    lifecycle.addHook('onClose', () => jobs.stop())
  })
  const dossiers = dossierOptions(app, options)
  const imports = importOptions(app, options)
  await app.register(communitiesRoutes, { prefix: '/api/communities' })
  await app.register(communityOverlapsRoutes, { prefix: '/api/communities' })
  await app.register(communityDossierRoutes, { prefix: '/api/communities', ...dossiers })
  await app.register(communityFollowRoutes, { prefix: '/api/communities' })
  await app.register(communityPlansRoutes, { prefix: '/api/community-plans' })
  await app.register(parcelsRoutes, { prefix: '/api/parcels' })
  await app.register(parcelConflictsRoutes, { prefix: '/api/parcels' })
  await app.register(concessionsRoutes, { prefix: '/api/concessions' })
  await app.register(concessionOverlapsRoutes, { prefix: '/api/concessions' })
  await app.register(incidentsRoutes, { prefix: '/api/incidents' })
  await app.register(caseIntakeRoutes, { prefix: '/api/incidents' })
  await app.register(evidenceRoutes, { prefix: '/api/evidence' })
  await app.register(tusUploadRoutes, {
    prefix: '/api/uploads',
    uploadsDir: options.evidence.uploadsDir,
    locker: options.evidence.tusLocker,
  })
  await app.register(casesRoutes, { prefix: '/api/cases' })
  await app.register(caseTeamRoutes, { prefix: '/api/cases' })
  await app.register(caseConflictsRoutes, { prefix: '/api/cases' })
  await app.register(caseDossierRoutes, { prefix: '/api/cases', ...dossiers })
  await app.register(caseLettersRoutes, { prefix: '/api/cases', print: letterPrinter(options) })
  await app.register(documentTemplatesRoutes, { prefix: '/api/document-templates' })
  await app.register(caseEventsRoutes, { prefix: '/api/case-events' })
  await app.register(deadlineProposalsRoutes, { prefix: '/api/cases' })
  await app.register(deadlineRulesRoutes, { prefix: '/api/deadline-rules' })
  await app.register(caseTasksRoutes, { prefix: '/api/cases' })
  await app.register(tasksRoutes, { prefix: '/api/tasks' })
  await app.register(workRoutes, { prefix: '/api/work', now: options.now ?? (() => new Date()) })
  await app.register(notificationsRoutes, { prefix: '/api/notifications', isEmailEnabled: options.notifications?.mail !== undefined })
  await app.register(notificationDeliveryLifecycle, {
    intervalSeconds: options.notifications?.intervalSeconds ?? 0,
    mail: options.notifications?.mail,
    publicUrl: options.notifications?.publicUrl ?? 'http://localhost:3000',
    now: options.now,
  })
  await app.register(peopleRoutes, { prefix: '/api/people' })
  await app.register(calendarRoutes, { prefix: '/api/calendar' })
  await app.register(calendarFeedRoutes, { prefix: '/api/calendar.ics' })
  await app.register(calendarFeedsRoutes, { prefix: '/api/calendar/feeds' })
  await app.register(adminAreasRoutes, { prefix: '/api/admin-areas' })
  await app.register(statsRoutes, { prefix: '/api/stats' })
  await app.register(tilesRoutes, { prefix: '/api/tiles', cacheMB: options.tileCacheMB })
  // Program monitoring: the work that builds the movement, the plan's targets, the yearly report.
  await app.register(activitiesRoutes, { prefix: '/api/activities' })
  await app.register(committeeMembersRoutes, { prefix: '/api/committee-members' })
  await app.register(programTargetsRoutes, { prefix: '/api/program-targets', now: options.now ?? (() => new Date()) })
  await app.register(programReportRoutes, {
    prefix: '/api/program-report',
    print: letterPrinter(options),
    now: options.now ?? (() => new Date()),
  })
  await app.register(exportsRoutes, { prefix: '/api/exports', ...dossiers })
  await app.register(importsRoutes, { prefix: '/api/imports', ...imports })
  // GET /api/<layer>/export.<format> for each map layer, beside its list.
  await app.register(layerExportsRoutes, { prefix: '/api' })
  // Reports from outside: public links (no account), Telegram, SMS, and the moderation queue.
  const intake = { publicUrl: 'http://localhost:3000', ...options.intake }
  await app.register(publicIntakeRoutes, { prefix: '/api/public/intake', ...intake })
  await app.register(intakeLinksRoutes, { prefix: '/api/intake/links', ...intake })
  await app.register(intakeReportsRoutes, { prefix: '/api/intake/reports', ...intake })
  await app.register(telegramIntakeRoutes, { prefix: '/api/intake/telegram', ...intake })
  await app.register(smsIntakeRoutes, { prefix: '/api/intake/sms', ...intake })

  // The dossier queue has finished (its own onClose ran first): the PDF printer can go.
  app.addHook('onClose', () => closePdfRenderer())
  await serveClient(app, options.clientDir ?? defaultClientDir)
  return app
}

function answerClientError(error: NodeJS.ErrnoException, socket: Socket) {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy()
    return
  }
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400
  const code = status === 431 ? 'request.headers_too_large' : status === 408 ? 'request.timeout' : 'request.malformed'
  const detail =
    status === 431
      ? 'The request line or its headers are too long (a URL of over 16 KB?)'
      : status === 408
        ? 'The request took too long to arrive'
        : 'The request is not well-formed HTTP'
  const body = JSON.stringify({ type: 'about:blank', title: STATUS_CODES[status], status, code, detail })
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  )
}

/** A hop count becomes "believe the nearest n hops" (Fastify types no number, though proxy-addr takes one). */
function trustedProxies(trustProxy: AppOptions['trustProxy']) {
  if (trustProxy === undefined) return false
  if (typeof trustProxy === 'number') return (_address: string, hop: number) => hop < trustProxy
  return trustProxy
}

/** The dossier export queue the dossier routes share (ZIPs are built in DATA_DIR/exports, then stored in the blob store). */
function dossierOptions(app: App, options: AppOptions) {
  const chromiumPath = options.exports?.chromiumPath
  const dir = options.exports?.dir ?? path.join(path.dirname(options.evidence.uploadsDir), 'exports')
  const queue = createDossierQueue(app.jobs, {
    db: app.db,
    log: app.log,
    dir,
    retentionHours: options.exports?.retentionHours ?? 24,
    store: options.evidence.store,
    renderPdf: chromiumPath === false ? undefined : (html: string) => renderPdf(html, chromiumPath ? { executablePath: chromiumPath } : {}),
  })
  return { queue }
}

/** Letters print with the dossiers' Chromium (exports.chromiumPath; false: no printing, saving a letter answers 503). */
function letterPrinter(options: AppOptions) {
  const chromiumPath = options.exports?.chromiumPath
  if (chromiumPath === false) return undefined
  return (html: string) => renderPdf(html, chromiumPath ? { executablePath: chromiumPath } : {})
}

/** The GIS import queue, and where it copies a file while reading it (DATA_DIR/imports). */
function importOptions(app: App, options: AppOptions) {
  const workDir = options.evidence.importsDir ?? path.join(path.dirname(options.evidence.uploadsDir), 'imports')
  const queue = createImportQueue(app.jobs, { db: app.db, store: options.evidence.store, workDir, rules: app.geometryRules, log: app.log })
  return { queue, workDir }
}

/** The built React client at `/`, with client-side routes falling back to index.html. */
async function serveClient(app: App, clientDir: string) {
  const hasClient = existsSync(path.join(clientDir, 'index.html'))
  if (hasClient) {
    await app.register(fastifyStatic, {
      root: clientDir,
      wildcard: false,
      index: 'index.html',
      // The build writes .br and .gz beside each asset (vite.config.ts): sent to browsers that
      // accept them, with Vary: Accept-Encoding.
      preCompressed: true,
      // Hashed file names never change content: kept a year. The page, the service worker and its
      // manifest are asked again every time, so a new version is seen at once.
      cacheControl: false,
      setHeaders: (reply, filePath) => {
        const isHashedAsset = path.relative(clientDir, filePath).startsWith(`assets${path.sep}`)
        reply.header('Cache-Control', isHashedAsset ? 'public, max-age=31536000, immutable' : 'no-cache')
      },
    })
  }
  app.setNotFoundHandler((request, reply) => {
    const isPageRequest = request.method === 'GET' && !looksLikeApiPath(request.url)
    if (hasClient && isPageRequest) return reply.type('text/html').sendFile('index.html')
    return sendProblem(reply, request, {
      status: 404,
      code: 'route.not_found',
      detail: `No route ${request.method} ${request.url.split('?')[0]}`,
    })
  })
}

/** `/api…` however it is spelled (`/%61pi`, `//API`): never answered with the client's page. */
function looksLikeApiPath(url: string): boolean {
  let path = url.split('?')[0] ?? ''
  try {
    path = decodeURIComponent(path)
  } catch {
    // A malformed escape is no API path we serve either way.
  }
  return /^\/+api(\/|$|\.)/i.test(path)
}
