// Staff make public report links (one per community or campaign), print their QR codes, and
// close them. Legal staff and admins only ('intake.links').
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import QRCode from 'qrcode'
import { z } from 'zod'
import { IdParams } from '../../../shared/common.ts'
import { CreateIntakeLinkBody, IntakeLink, IntakeLinkList, UpdateIntakeLinkBody } from '../../../shared/intake.ts'
import { notFound } from '../../lib/app-error.ts'
import { expectedVersion, setVersionTag } from '../../lib/concurrency.ts'
import { signedInViewer } from '../../lib/security.ts'
import type { IntakeOptions } from './intake.options.ts'
import { findIntakeLink, listIntakeLinks, type IntakeLinkRow } from './intake-links.queries.ts'
import { createIntakeLink, updateIntakeLink } from './intake-links.service.ts'

const tags = ['intake']
const manage = { permission: 'intake.links' } as const

export const intakeLinksRoutes: FastifyPluginAsyncZod<IntakeOptions> = async (app, options) => {
  const publicUrl = options.publicUrl.replace(/\/+$/, '')
  /** What the QR code holds and the client shows: the public page of the link. */
  const withUrl = (row: IntakeLinkRow) => ({ ...row, url: `${publicUrl}/r/${row.slug}` })

  app.get(
    '/',
    { config: manage, schema: { tags, summary: 'List public report links (newest first)', response: { 200: IntakeLinkList } } },
    async (req) => ({ items: (await listIntakeLinks(req.db)).map(withUrl) }),
  )

  app.post(
    '/',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Make a public report link (a new unguessable slug) for a community or a campaign',
        body: CreateIntakeLinkBody,
        response: { 201: IntakeLink },
      },
    },
    async (req, reply) => reply.code(201).send(withUrl(await createIntakeLink(req.db, req.body, signedInViewer(req).id))),
  )

  app.patch(
    '/:id',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Change a link: its title, hourly limit, or close it (isOpen false) and open it again',
        params: IdParams,
        body: UpdateIntakeLinkBody,
        response: { 200: IntakeLink },
      },
    },
    async (req, reply) => {
      const link = await updateIntakeLink(req.db, req.params.id, req.body, expectedVersion(req, req.body.version))
      setVersionTag(reply, link.version)
      return withUrl(link)
    },
  )

  app.get(
    '/:id/qr.svg',
    {
      config: manage,
      schema: {
        tags,
        summary: "The QR code of a link's public address, as SVG (to print on posters and report cards)",
        params: IdParams,
        response: { 200: { content: { 'image/svg+xml': { schema: z.string() } } } },
      },
    },
    async (req, reply) => {
      const link = await findIntakeLink(req.db, req.params.id)
      if (!link) throw notFound('intake_link', req.params.id)
      // Level M (15 % of the code may be damaged): a printed poster gets creased and rained on.
      const svg = await QRCode.toString(withUrl(link).url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })
      return reply.type('image/svg+xml; charset=utf-8').header('cache-control', 'private, no-store').send(svg)
    },
  )
}
