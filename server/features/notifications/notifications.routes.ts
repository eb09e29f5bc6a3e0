import type { FastifyPluginAsync } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { IdParams } from '../../../shared/common.ts'
import {
  FollowList,
  FollowState,
  NotificationListQuery,
  NotificationPage,
  NotificationPreferences,
  ReadAllResult,
  UnreadCount,
  UpdateNotificationPreferencesBody,
} from '../../../shared/notifications.ts'
import type { MailConfig } from '../../config.ts'
import { signedInViewer } from '../../lib/security.ts'
import { runDeliveryTurn } from './notifications.delivery.ts'
import { createMailer } from './notifications.mailer.ts'
import { countUnread, listFollows, markAllRead } from './notifications.queries.ts'
import {
  findFollowState,
  findMyPreferences,
  followCommunity,
  listMyNotifications,
  markMyNotificationRead,
  unfollowCommunity,
  updateMyPreferences,
} from './notifications.service.ts'

const tags = ['notifications']
const config = { permission: 'notifications.read' } as const

export interface NotificationsRoutesOptions {
  /** Does this server send e-mail (SMTP configured)? Shown on the preferences. */
  isEmailEnabled: boolean
}

/** At /api/notifications: the signed-in user's own notifications, preferences and follows. */
export const notificationsRoutes: FastifyPluginAsyncZod<NotificationsRoutesOptions> = async (app, options) => {
  app.get(
    '/',
    {
      config,
      schema: {
        tags,
        summary: 'My notifications, newest first, worded in `lang`',
        querystring: NotificationListQuery,
        response: { 200: NotificationPage },
      },
    },
    async (req) => listMyNotifications(req.db, req.query, signedInViewer(req)),
  )
  app.get(
    '/unread-count',
    { config, schema: { tags, summary: 'How many of my notifications are unread', response: { 200: UnreadCount } } },
    async (req) => ({ count: await countUnread(req.db, signedInViewer(req).id) }),
  )
  app.post(
    '/:id/read',
    { config, schema: { tags, summary: 'Mark one of my notifications read', params: IdParams, response: { 204: z.null() } } },
    async (req, reply) => {
      await markMyNotificationRead(req.db, req.params.id, signedInViewer(req))
      return reply.code(204).send(null)
    },
  )
  app.post(
    '/read-all',
    { config, schema: { tags, summary: 'Mark all my notifications read', response: { 200: ReadAllResult } } },
    async (req) => ({ marked: await markAllRead(req.db, signedInViewer(req).id) }),
  )
  app.get(
    '/preferences',
    {
      config,
      schema: {
        tags,
        summary: 'Which notifications I get in the app and by e-mail, how and in which language',
        response: { 200: NotificationPreferences },
      },
    },
    async (req) => findMyPreferences(req.db, signedInViewer(req), options.isEmailEnabled),
  )
  app.put(
    '/preferences',
    {
      config,
      schema: {
        tags,
        summary: 'Change my notification preferences (the fields sent)',
        body: UpdateNotificationPreferencesBody,
        response: { 200: NotificationPreferences },
      },
    },
    async (req) => updateMyPreferences(req.db, req.body, signedInViewer(req), options.isEmailEnabled),
  )
  app.get(
    '/follows',
    { config, schema: { tags, summary: 'The communities I follow (a new incident there notifies me)', response: { 200: FollowList } } },
    async (req) => ({ items: await listFollows(req.db, signedInViewer(req).id) }),
  )
}

/** At /api/communities: following a community (a new incident there notifies me). */
export const communityFollowRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/:id/follow',
    { config, schema: { tags, summary: 'Do I follow this community?', params: IdParams, response: { 200: FollowState } } },
    async (req) => findFollowState(req.db, req.params.id, signedInViewer(req)),
  )
  app.put(
    '/:id/follow',
    {
      config,
      schema: {
        tags,
        summary: 'Follow a community I may see (representatives: their own)',
        params: IdParams,
        response: { 200: FollowState },
      },
    },
    async (req) => followCommunity(req.db, req.params.id, signedInViewer(req)),
  )
  app.delete(
    '/:id/follow',
    { config, schema: { tags, summary: 'Stop following a community', params: IdParams, response: { 200: FollowState } } },
    async (req) => unfollowCommunity(req.db, req.params.id, signedInViewer(req)),
  )
}

export interface NotificationDeliveryOptions {
  /** 0: no delivery in this process. */
  intervalSeconds: number
  /** Absent: no e-mail. */
  mail?: MailConfig | undefined
  publicUrl: string
  /** The clock of reminders and digests (tests: DEY_TEST_NOW). */
  now?: (() => Date) | undefined
}

/**
 * Delivery as a scheduled job: once every `intervalSeconds` across every server on this database
 * (server/lib/jobs.ts). A stopping server lets a turn in progress finish.
 */
export const notificationDeliveryLifecycle: FastifyPluginAsync<NotificationDeliveryOptions> = async (app, options) => {
  if (!options.mail) app.log.info('e-mail is off (no SMTP_URL or SMTP_HOST): notifications are shown in the app only')
  if (options.intervalSeconds <= 0) return
  const mail = options.mail
  app.jobs.schedule(
    'notification-delivery',
    { everySeconds: options.intervalSeconds },
    async () => {
      // A connection of its own each turn: turns are minutes apart, and none outlives its job.
      const mailer = mail ? createMailer(mail) : undefined
      try {
        await runDeliveryTurn({
          db: app.db,
          log: app.log,
          intervalSeconds: options.intervalSeconds,
          publicUrl: options.publicUrl,
          mailer,
          now: options.now,
        })
      } finally {
        mailer?.close()
      }
    },
    // A turn normally takes seconds; one stuck for long is given up, and the next tick tries again.
    { timeoutSeconds: Math.max(60, options.intervalSeconds * 2) },
  )
}
