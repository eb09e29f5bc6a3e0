// Every API request passes here before its handler: who is it (session cookie), may this come
// from where it comes from (CSRF), and may this user call this route (policy). Also gives each
// request `req.db`, whose write transactions are attributed to the user in the audit trail.
import fastifyCookie from '@fastify/cookie'
import fastifyHelmet from '@fastify/helmet'
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify'
import type { Db } from '../../db/open.ts'
import { withAuditContext, type AuditContext } from './audit.ts'
import { can, type Viewer } from './policy.ts'
import { registerRateLimits } from './rate-limits.ts'
import { SESSION_COOKIE, findViewerBySession, type SecondFactorRule, type SessionFlags, type SessionLimits } from './sessions.ts'
import {
  createAuthRequiredError,
  createCrossSiteError,
  createForbiddenError,
  createPasswordChangeRequiredError,
  createRouteNotFoundError,
  createSecondFactorEnrolmentRequiredError,
} from './security.errors.ts'

/** The user a request is made by, once their session is known. */
export type SignedInViewer = Viewer & SessionFlags

declare module 'fastify' {
  interface FastifyRequest {
    viewer: SignedInViewer | undefined
    /** The database for this request: write transactions carry the audit context. */
    db: Db
    auditContext: AuditContext
  }
}

export interface SecurityOptions extends SessionLimits, SecondFactorRule {
  /** Sign-in attempts per IP address per minute. */
  loginRateLimit: number
  /** Extra image sources for the map's tiles, e.g. https://tile.openstreetmap.org. */
  tileOrigins: string[]
  /** Tile servers the page may fetch from (the offline basemap download). */
  tileFetchOrigins: string[]
  /** May the demo accounts (published passwords) sign in? Never in production. */
  allowDemoAccounts: boolean
  /** Rate-limit counters in Redis (redis://…); absent: in the database, shared by every app server. */
  redisUrl?: string | undefined
}

/** Routes a user who must change their password may still call. */
const PASSWORD_CHANGE_ROUTES = new Set(['/api/auth/me', '/api/auth/password', '/api/auth/logout'])

/** Routes a user whose role requires a second factor may call until they have set one up. */
const SECOND_FACTOR_ENROLMENT_ROUTES = new Set([
  '/api/auth/me',
  '/api/auth/logout',
  '/api/auth/second-factor',
  '/api/auth/second-factor/setup',
  '/api/auth/second-factor/confirm',
])

export async function registerSecurity(app: FastifyInstance, options: SecurityOptions) {
  await app.register(fastifyCookie)
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // The client hashes evidence files on the device with WebAssembly (hash-wasm): crypto.subtle
        // is missing on plain-HTTP office networks and cannot hash a 2 GB video incrementally.
        scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
        // Leaflet positions tiles and markers with inline styles.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:', ...options.tileOrigins],
        connectSrc: ["'self'", ...options.tileFetchOrigins],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        // Dey is often served over plain HTTP on an office network: upgrading would break it.
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
  })
  await registerRateLimits(app, { redisUrl: options.redisUrl })

  app.decorateRequest('viewer', undefined)
  app.decorateRequest('db', null as unknown as Db)
  app.decorateRequest('auditContext', null as unknown as AuditContext)

  // The API's documentation is public (Dey is open source); its routes come from a plugin.
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/docs')) route.config = { ...route.config, permission: 'public' }
    refuseUndeclaredRoute(route)
  })

  app.addHook('onRequest', async (request) => {
    // Decided on the route the request reached, never on its raw URL: Fastify routes on the
    // decoded path, so `/%61pi/users` reaches `/api/users` while its URL does not start with `/api/`.
    // Only the API needs to know who is asking; the client's static files are the same for all.
    if (!isApiRoute(request)) return
    // The API answers its canonical spelling only: an encoded or doubled prefix is not the API.
    if (!request.url.startsWith('/api/')) throw routeNotFound(request)
    const token = request.cookies[SESSION_COOKIE]
    request.viewer = token ? await findViewerBySession(app.db, token, options) : undefined
    request.auditContext = {
      actorId: request.viewer?.id,
      actorLabel: request.viewer ? `${request.viewer.role}:${request.viewer.displayName}` : 'anonymous',
      requestId: String(request.id),
      ip: request.ip,
    }
    request.db = withAuditContext(app.db, request.auditContext)
    refuseCrossSiteWrites(request)
    await authorize(request)
  })
}

/**
 * The signed-in user of a request to a route whose permission needs one (authorize has already
 * refused anonymous requests there; this keeps a public route's handler from assuming one).
 */
export function signedInViewer(request: FastifyRequest): SignedInViewer {
  if (!request.viewer) throw createAuthRequiredError()
  return request.viewer
}

/**
 * Cookies are SameSite=Lax, and on top of that a state-changing request that says it comes from
 * another site is refused: browsers send Origin (and Sec-Fetch-Site) on every cross-site write.
 */
function refuseCrossSiteWrites(request: FastifyRequest) {
  if (['GET', 'HEAD', 'OPTIONS'].includes(request.method)) return
  const origin = request.headers.origin
  const fetchSite = request.headers['sec-fetch-site']
  const isCrossSite = fetchSite === 'cross-site' || (origin !== undefined && origin !== 'null' && hostOf(origin) !== request.host)
  if (isCrossSite || origin === 'null') {
    throw createCrossSiteError()
  }
}

function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host
  } catch {
    return undefined
  }
}

/** Did the request reach one of the API's routes (not the client's files, not an unknown path)? */
export function isApiRoute(request: FastifyRequest): boolean {
  const route = request.routeOptions.url
  return !request.is404 && route !== undefined && (route.startsWith('/api/') || route === '/api')
}

/**
 * Start-up stops at an API route that names no permission (authorize would close it to everyone
 * anyway): a route's access is decided where it is declared, never by omission.
 */
function refuseUndeclaredRoute(route: RouteOptions) {
  const isApi = route.url.startsWith('/api/') || route.url === '/api'
  if (!isApi || route.config?.permission) return
  const methods = [route.method].flat().join(',')
  throw new Error(`${methods} ${route.url} declares no permission: give it config: { permission } (one of server/lib/policy.ts's)`)
}

function routeNotFound(request: FastifyRequest) {
  return createRouteNotFoundError(request.method, request.url)
}

async function authorize(request: FastifyRequest) {
  const permission = request.routeOptions.config.permission
  const viewer = request.viewer
  if (permission === 'public') return
  if (!viewer) throw createAuthRequiredError()
  if (viewer.mustChangePassword && !PASSWORD_CHANGE_ROUTES.has(request.routeOptions.url ?? '')) {
    throw createPasswordChangeRequiredError()
  }
  // The route's path alone: GET /api/auth/second-factor (status) is allowed, DELETE needs a factor anyway.
  if (viewer.mustEnrolSecondFactor && !SECOND_FACTOR_ENROLMENT_ROUTES.has(request.routeOptions.url ?? '')) {
    throw createSecondFactorEnrolmentRequiredError()
  }
  // A route that names no permission is closed to everyone: forgetting one must not open it.
  // (The error handler records every refusal in the audit trail, these and the per-record ones.)
  if (!permission || !can(viewer, permission)) throw createForbiddenError()
}
