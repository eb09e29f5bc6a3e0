// The authorization table: every API route × every role (and anonymous) → allowed or refused.
// It is written out by hand, independently of server/lib/policy.ts, and must list every route
// the app serves: a new route without an entry here fails this test.
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TILE_LAYERS, tilePath, tileSetPath, type TileLayer } from '../../shared/tiles.ts'
import type { UserRole } from '../../shared/vocabularies.ts'
import { createTestApp, type SignedIn, type TestApp } from '../helpers/test-app.ts'

type Who = 'anonymous' | UserRole
/** ok: the request got past access control (any status but 401/403); otherwise the exact refusal. */
type Expected = Record<Who, 'ok' | 401 | 403>

const rule = (roles: UserRole[]): Expected => ({
  anonymous: 401,
  community_rep: roles.includes('community_rep') ? 'ok' : 403,
  advocate: roles.includes('advocate') ? 'ok' : 403,
  legal: roles.includes('legal') ? 'ok' : 403,
  admin: roles.includes('admin') ? 'ok' : 403,
})
const PUBLIC: Expected = { anonymous: 'ok', community_rep: 'ok', advocate: 'ok', legal: 'ok', admin: 'ok' }
const EVERYONE = rule(['community_rep', 'advocate', 'legal', 'admin'])
const REPS_AND_STAFF = rule(['community_rep', 'legal', 'admin'])
const NOT_REPS = rule(['advocate', 'legal', 'admin'])
const STAFF = rule(['legal', 'admin'])
const ADMIN = rule(['admin'])

const TABLE: Record<string, Expected> = {
  'GET /api/health': PUBLIC,
  'GET /api/health/ready': PUBLIC,
  'GET /api/client-config': PUBLIC,
  'POST /api/auth/login': PUBLIC,
  'POST /api/auth/logout': EVERYONE,
  'GET /api/auth/me': EVERYONE,
  'POST /api/auth/password': EVERYONE,
  'GET /api/auth/second-factor': EVERYONE,
  'POST /api/auth/second-factor/setup': EVERYONE,
  'POST /api/auth/second-factor/confirm': EVERYONE,
  'POST /api/auth/second-factor/recovery-codes': EVERYONE,
  'DELETE /api/auth/second-factor': EVERYONE,
  'GET /api/auth/sessions': EVERYONE,
  'DELETE /api/auth/sessions/:id': EVERYONE,
  'POST /api/auth/sessions/end-others': EVERYONE,

  'GET /api/communities': EVERYONE,
  'GET /api/communities/mine': EVERYONE,
  'GET /api/communities/:id': EVERYONE,
  'POST /api/communities': STAFF,
  'PATCH /api/communities/:id': STAFF,
  'DELETE /api/communities/:id': STAFF,
  'GET /api/communities/:id/overlaps': EVERYONE,
  'GET /api/community-plans': EVERYONE,
  'GET /api/community-plans/:id': EVERYONE,
  'POST /api/community-plans': STAFF,
  'PATCH /api/community-plans/:id': STAFF,
  'DELETE /api/community-plans/:id': STAFF,
  // Committee members by name: representatives (their own communities), legal staff and admins; advocates get counts only.
  'GET /api/committee-members': REPS_AND_STAFF,
  'GET /api/committee-members/:id': REPS_AND_STAFF,
  'POST /api/committee-members': REPS_AND_STAFF,
  'PATCH /api/committee-members/:id': REPS_AND_STAFF,
  'DELETE /api/committee-members/:id': REPS_AND_STAFF,

  'GET /api/parcels': EVERYONE,
  'GET /api/parcels/:id': EVERYONE,
  'GET /api/parcels/:id/conflicts': EVERYONE,
  'POST /api/parcels': STAFF,
  'PATCH /api/parcels/:id': STAFF,
  'DELETE /api/parcels/:id': STAFF,
  'GET /api/concessions': EVERYONE,
  'GET /api/concessions/:id': EVERYONE,
  'GET /api/concessions/:id/overlaps': EVERYONE,
  'POST /api/concessions': STAFF,
  'PATCH /api/concessions/:id': STAFF,
  'DELETE /api/concessions/:id': STAFF,
  'POST /api/concessions/:id/declared-areas': STAFF,
  'DELETE /api/concessions/:id/declared-areas/:areaId': STAFF,

  'GET /api/incidents': EVERYONE,
  'GET /api/incidents/:id': EVERYONE,
  'POST /api/incidents': EVERYONE,
  'PATCH /api/incidents/:id': REPS_AND_STAFF,
  'DELETE /api/incidents/:id': REPS_AND_STAFF,
  'POST /api/incidents/:id/status': STAFF,
  'POST /api/incidents/:id/case': STAFF,
  'GET /api/incidents/:id/people': NOT_REPS,
  'POST /api/incidents/:id/people': STAFF,
  'DELETE /api/incidents/:id/people/:personId': STAFF,

  // Activities: everyone; representatives only their own communities' (checked per row).
  'GET /api/activities': EVERYONE,
  'GET /api/activities/totals': EVERYONE,
  'GET /api/activities/:id': EVERYONE,
  'POST /api/activities': EVERYONE,
  'PATCH /api/activities/:id': EVERYONE,
  'DELETE /api/activities/:id': EVERYONE,

  'POST /api/evidence': EVERYONE,
  'GET /api/evidence': EVERYONE,
  'GET /api/evidence/:id': EVERYONE,
  'PATCH /api/evidence/:id': STAFF,
  'DELETE /api/evidence/:id': STAFF,
  'POST /api/evidence/:id/purge': ADMIN,
  'GET /api/evidence/:id/file': EVERYONE,
  'GET /api/evidence/:id/thumbnail': EVERYONE,
  'GET /api/evidence/:id/custody': EVERYONE,
  'POST /api/uploads': EVERYONE,
  'PATCH /api/uploads/:id': EVERYONE,
  'DELETE /api/uploads/:id': EVERYONE,
  'OPTIONS /api/uploads': EVERYONE,
  'OPTIONS /api/uploads/:id': EVERYONE,

  'GET /api/cases': EVERYONE,
  'GET /api/cases/:id': EVERYONE,
  'POST /api/cases': STAFF,
  'PATCH /api/cases/:id': STAFF,
  'DELETE /api/cases/:id': STAFF,
  'GET /api/cases/:id/timeline': NOT_REPS,
  'GET /api/cases/:id/events': NOT_REPS,
  'POST /api/cases/:id/events': STAFF,
  'GET /api/case-events/:id': NOT_REPS,
  'PATCH /api/case-events/:id': STAFF,
  'DELETE /api/case-events/:id': STAFF,
  'GET /api/cases/:id/events/:eventId/deadline-proposals': STAFF,
  'GET /api/deadline-rules': STAFF,
  'GET /api/deadline-rules/:id': STAFF,
  'POST /api/deadline-rules': ADMIN,
  'PATCH /api/deadline-rules/:id': ADMIN,
  'DELETE /api/deadline-rules/:id': ADMIN,
  // Tasks and "My work" are internal legal work: legal staff and admins only.
  'GET /api/cases/:id/tasks': STAFF,
  'POST /api/cases/:id/tasks': STAFF,
  'GET /api/tasks/:id': STAFF,
  'PATCH /api/tasks/:id': STAFF,
  'DELETE /api/tasks/:id': STAFF,
  'GET /api/work': STAFF,
  'POST /api/cases/:id/communities': STAFF,
  'DELETE /api/cases/:id/communities/:communityId': STAFF,
  'POST /api/cases/:id/parcels': STAFF,
  'DELETE /api/cases/:id/parcels/:parcelId': STAFF,
  'POST /api/cases/:id/incidents': STAFF,
  'DELETE /api/cases/:id/incidents/:incidentId': STAFF,
  'POST /api/cases/:id/people': STAFF,
  'DELETE /api/cases/:id/people/:personId': STAFF,
  'GET /api/cases/staff': STAFF,
  'PUT /api/cases/:id/team/lead': STAFF,
  'POST /api/cases/:id/team': STAFF,
  'DELETE /api/cases/:id/team/:userId': STAFF,
  'GET /api/cases/:id/conflicts': NOT_REPS,
  'GET /api/people': NOT_REPS,
  'GET /api/people/:id': NOT_REPS,
  'POST /api/people': STAFF,
  'PATCH /api/people/:id': STAFF,
  'DELETE /api/people/:id': STAFF,
  'GET /api/calendar': NOT_REPS,
  'GET /api/calendar.ics': NOT_REPS,
  // One's own feed address: made, read and revoked by its owner; the feed itself has its token as key.
  'GET /api/calendar/feeds/mine': NOT_REPS,
  'POST /api/calendar/feeds/mine': NOT_REPS,
  'DELETE /api/calendar/feeds/mine': NOT_REPS,
  'GET /api/calendar/feeds/:token.ics': PUBLIC,
  'POST /api/cases/:id/dossier': NOT_REPS,
  'POST /api/communities/:id/dossier': NOT_REPS,
  'GET /api/exports/:id': NOT_REPS,
  'GET /api/exports/:id/file': NOT_REPS,

  // Letters from templates: legal staff read templates and write letters; admins keep the templates.
  'GET /api/document-templates': STAFF,
  'GET /api/document-templates/fields': STAFF,
  'GET /api/document-templates/:id': STAFF,
  'POST /api/document-templates': ADMIN,
  'PATCH /api/document-templates/:id': ADMIN,
  'DELETE /api/document-templates/:id': ADMIN,
  'POST /api/cases/:id/documents/preview': STAFF,
  'POST /api/cases/:id/documents': STAFF,

  // GIS exports: each layer's list permission; evidence points are exact positions (REPS_AND_STAFF).
  'GET /api/communities/export.:format': EVERYONE,
  'GET /api/parcels/export.:format': EVERYONE,
  'GET /api/concessions/export.:format': EVERYONE,
  'GET /api/incidents/export.:format': EVERYONE,
  'GET /api/evidence/export.:format': REPS_AND_STAFF,
  'GET /api/admin-areas/export.:format': EVERYONE,

  'GET /api/admin-areas': EVERYONE,
  'GET /api/admin-areas/:id': EVERYONE,
  'GET /api/stats': NOT_REPS,
  // Every role reads some layers; which ones is the TILE_LAYERS table below.
  'GET /api/tiles/:layer/:z/:x/:y.mvt': EVERYONE,
  'GET /api/tiles/:z/:x/:y.mvt': EVERYONE,
  'GET /api/tiles/:layer/count': EVERYONE,
  // Program-wide figures: every role that sees all communities and activities.
  'GET /api/program-targets': NOT_REPS,
  'GET /api/program-targets/:id': NOT_REPS,
  'GET /api/program-targets/:id/records': NOT_REPS,
  'POST /api/program-targets': ADMIN,
  'PATCH /api/program-targets/:id': ADMIN,
  'DELETE /api/program-targets/:id': ADMIN,
  // The yearly report: figures and activities, no personal data; every role but representatives.
  'GET /api/program-report': NOT_REPS,

  // GIS imports: legal staff and admins; undoing a whole import, admins only.
  'POST /api/imports': STAFF,
  'GET /api/imports': STAFF,
  'GET /api/imports/:id': STAFF,
  'PATCH /api/imports/:id': STAFF,
  'POST /api/imports/:id/dry-run': STAFF,
  'POST /api/imports/:id/commit': STAFF,
  'GET /api/imports/:id/items': STAFF,
  'GET /api/imports/:id/report.csv': STAFF,
  'GET /api/imports/:id/file': STAFF,
  'POST /api/imports/:id/undo': ADMIN,

  'GET /api/users': ADMIN,
  'GET /api/users/:id': ADMIN,
  'POST /api/users': ADMIN,
  'PATCH /api/users/:id': ADMIN,
  'POST /api/users/:id/reset-password': ADMIN,
  'DELETE /api/users/:id/second-factor': ADMIN,
  'GET /api/audit': STAFF,
  'POST /api/evidence/verify': ADMIN,
  'GET /api/audit/verify': ADMIN,

  // The moderation queue of reports from outside: legal staff and admins, not representatives (policy.ts).
  // Public report links: anyone, with no session, reads an open link, fetches a proof-of-work
  // challenge and sends a report (the receipt is all they get back); legal staff and admins make,
  // close and print links.
  'GET /api/public/intake/:slug': PUBLIC,
  'GET /api/public/intake/:slug/challenge': PUBLIC,
  'POST /api/public/intake/:slug/reports': PUBLIC,
  'GET /api/intake/links': STAFF,
  'POST /api/intake/links': STAFF,
  'PATCH /api/intake/links/:id': STAFF,
  'GET /api/intake/links/:id/qr.svg': STAFF,
  'GET /api/intake/reports': STAFF,
  'GET /api/intake/reports/:id': STAFF,
  'POST /api/intake/reports/:id/accept': STAFF,
  'POST /api/intake/reports/:id/merge': STAFF,
  'POST /api/intake/reports/:id/reject': STAFF,
  'POST /api/intake/reports/:id/erase-sender': STAFF,
  // The Telegram bot's webhook: no session, the secret in its path and header (a wrong one, or no
  // bot configured as here, is 404 for everyone).
  'POST /api/intake/telegram/:secret': PUBLIC,
  // The SMS gateway's webhook: no session, the secret in its path (a wrong one is 403; no SMS
  // intake configured, as here, is 404 for everyone).
  'POST /api/intake/sms/:secret': PUBLIC,

  // The bell: every signed-in user, for their own notifications, preferences and follows.
  'GET /api/notifications': EVERYONE,
  'GET /api/notifications/unread-count': EVERYONE,
  'POST /api/notifications/:id/read': EVERYONE,
  'POST /api/notifications/read-all': EVERYONE,
  'GET /api/notifications/preferences': EVERYONE,
  'PUT /api/notifications/preferences': EVERYONE,
  'GET /api/notifications/follows': EVERYONE,
  'GET /api/communities/:id/follow': EVERYONE,
  'PUT /api/communities/:id/follow': EVERYONE,
  'DELETE /api/communities/:id/follow': EVERYONE,
}

const THROW_AWAY_SESSION_ROUTES = new Set(['POST /api/auth/logout', 'POST /api/auth/sessions/end-others'])

let t: TestApp
const sessions = {} as Record<UserRole, SignedIn>

beforeAll(async () => {
  t = await createTestApp()
  for (const role of ['community_rep', 'advocate', 'legal', 'admin'] as const) {
    sessions[role] = await t.signIn(role)
  }
})
afterAll(() => t?.close())

describe('authorization table', () => {
  it('has an entry for every route the app serves, and no stale entries', () => {
    expect([...t.app.apiRoutes].sort()).toEqual(Object.keys(TABLE).sort())
  })

  for (const [route, expected] of Object.entries(TABLE)) {
    it(`${route}: ${Object.entries(expected)
      .map(([who, outcome]) => `${who} ${outcome}`)
      .join(', ')}`, async () => {
      const [method, path] = route.split(' ') as [string, string]
      // Ids of records that do not exist: access control answers before any lookup or validation.
      const url = path.replace(/:\w+/g, () => randomUUID())
      for (const [who, outcome] of Object.entries(expected) as [Who, Expected[Who]][]) {
        // Logging out (or signing out elsewhere) would end the session the other routes need: use a throw-away one.
        const headers =
          who === 'anonymous'
            ? { cookie: '' }
            : THROW_AWAY_SESSION_ROUTES.has(route)
              ? (await t.signIn(who)).headers
              : sessions[who].headers
        const res = await t.app.inject({
          method: method as 'GET',
          url,
          headers: { ...headers, 'content-type': 'application/json' },
          ...(method === 'GET' || method === 'DELETE' ? {} : { payload: '{}' }),
        })
        if (outcome === 'ok') {
          expect([401, 403], `${who} → ${route} answered ${res.statusCode}: ${res.body.slice(0, 200)}`).not.toContain(res.statusCode)
          expect(res.statusCode, `${who} → ${route}: ${res.body.slice(0, 200)}`).toBeLessThan(500)
        } else {
          expect(res.statusCode, `${who} → ${route}: ${res.body.slice(0, 200)}`).toBe(outcome)
        }
      }
    })
  }
})

/** The vector-tile layers (one route): each layer needs the permission of the records it draws. */
const TILE_LAYER_ACCESS: Record<TileLayer, Expected> = {
  incidents: EVERYONE,
  communities: EVERYONE,
  territories: EVERYONE,
  parcels: EVERYONE,
  concessions: EVERYONE,
  // Exact positions of evidence: advocates may not see them.
  evidence: REPS_AND_STAFF,
  'admin-areas': EVERYONE,
}

describe('tile layers', () => {
  it('lists every layer', () => expect(Object.keys(TILE_LAYER_ACCESS).sort()).toEqual([...TILE_LAYERS].sort()))

  for (const [layer, expected] of Object.entries(TILE_LAYER_ACCESS) as [TileLayer, Expected][]) {
    it(`${layer}: tiles (alone and in a set) and counts`, async () => {
      for (const url of [
        tilePath(layer, 0, 0, 0),
        `${tileSetPath(0, 0, 0)}?layers=${layer}`,
        `/api/tiles/${layer}/count?bbox=102,10,108,15`,
      ]) {
        for (const [who, outcome] of Object.entries(expected) as [Who, Expected[Who]][]) {
          const headers = who === 'anonymous' ? { cookie: '' } : sessions[who].headers
          const res = await t.app.inject({ method: 'GET', url, headers })
          expect(res.statusCode, `${who} → ${url}: ${res.body.slice(0, 200)}`).toBe(outcome === 'ok' ? 200 : outcome)
        }
      }
    })
  }
})

describe('API paths spelled another way', () => {
  // Fastify routes on the decoded path: `/%61pi/users` reaches `/api/users`. Access control must
  // hold for whatever reaches a route, and the API answers only its canonical spelling.
  const variants = (path: string) => [
    path.replace('/api/', '/%61pi/'),
    path.replace('/api/', '/%61%70%69/'),
    `/${path}`,
    path.replace('/api/', '/API/'),
    path.replace('/api/', '/Api/'),
  ]

  it('answers 401 or 404 to every variant of every route, for anyone, never 200 or 500', async () => {
    const failures: string[] = []
    for (const route of Object.keys(TABLE)) {
      const [method, path] = route.split(' ') as [string, string]
      for (const url of variants(path.replace(/:\w+/g, () => randomUUID()))) {
        for (const headers of [{ cookie: '' }, sessions.admin.headers]) {
          const hasBody = !['GET', 'DELETE', 'OPTIONS'].includes(method)
          const res = await t.app.inject({
            method: method as 'GET',
            url,
            headers: { ...headers, ...(hasBody ? { 'content-type': 'application/json' } : {}) },
            ...(hasBody ? { payload: '{}' } : {}),
          })
          if (![401, 404].includes(res.statusCode)) failures.push(`${method} ${url} → ${res.statusCode}`)
        }
      }
    }
    expect(failures).toEqual([])
  })

  it('refuses a sign-in through an encoded path from another site, and writes nothing', async () => {
    const before = await t.app.inject({ url: '/api/audit?limit=1', headers: sessions.admin.headers })
    const res = await t.app.inject({
      method: 'POST',
      url: '/%61pi/auth/login',
      payload: { login: 'nobody@test.dey', password: 'x' },
      headers: { cookie: '', origin: 'http://evil.example' },
    })
    expect([401, 403, 404]).toContain(res.statusCode)
    expect(res.cookies).toEqual([])
    const after = await t.app.inject({ url: '/api/audit?limit=1', headers: sessions.admin.headers })
    // Only this refusal may have been recorded, never a sign-in attempt.
    expect(after.json().items[0]?.action ?? null).not.toBe('login_failed')
    expect(before.statusCode).toBe(200)
  })
})
