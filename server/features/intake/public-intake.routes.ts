// Placeholder while this feature is being built (issue #18).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { IntakeOptions } from './intake.options.ts'

export const publicIntakeRoutes: FastifyPluginAsyncZod<IntakeOptions> = async () => {}
