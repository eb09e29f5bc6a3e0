// The names of what a role may do, one list for server and client. Which roles hold each one is the
// server's decision (server/lib/policy.ts); the client gets the signed-in user's list in
// /api/auth/me and only uses it to hide what the user cannot do.
import { z } from 'zod'

export const PERMISSION_NAMES = [
  'public',
  'signed_in',
  'admin_areas.read',
  'communities.read',
  'communities.write',
  'land.read',
  'land.write',
  'incidents.read',
  'incidents.create',
  'incidents.edit',
  'incidents.triage',
  'cases.read',
  'cases.details',
  'cases.write',
  'people.read',
  'people.write',
  'calendar.read',
  'stats.read',
  'targets.read',
  'targets.write',
  'users.manage',
  'audit.read',
  'audit.verify',
  'evidence.read',
  'evidence.upload',
  'evidence.edit',
  'evidence.purge',
  'evidence.verify',
  'evidence.locations',
  'dossiers.export',
  'geometry.override',
  'imports.run',
  'imports.undo',
  'work.read',
  'tasks.write',
  'deadline_rules.read',
  'deadline_rules.manage',
  'notifications.read',
  'calendar.feed',
  'templates.read',
  'templates.manage',
  'documents.generate',
  'intake.moderate',
  'intake.links',
] as const

export const Permission = z.enum(PERMISSION_NAMES)
export type Permission = z.infer<typeof Permission>
