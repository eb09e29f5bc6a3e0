import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'

export const committeeMembersRoutes: FastifyPluginAsyncZod = async () => {}
