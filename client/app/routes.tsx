// THE client route table. Every page is its own chunk (React.lazy), so a phone on a weak
// connection downloads the map and the report form first, and the case workspace only if needed.
import { lazy, type ComponentType, type LazyExoticComponent } from 'react'
import type { Permission } from '../../shared/permissions.ts'

function page<M extends Record<string, unknown>>(load: () => Promise<M>, name: keyof M): LazyExoticComponent<ComponentType> {
  return lazy(async () => ({ default: (await load())[name] as ComponentType }))
}

export interface AppRoute {
  path: string
  Page: LazyExoticComponent<ComponentType>
  /** The permission the page needs (server/lib/policy.ts); signed-in users only when absent. */
  permission?: Permission
  /** Reachable without signing in. */
  isPublic?: boolean
}

export const ROUTES: AppRoute[] = [
  { path: '/sign-in', Page: page(() => import('../features/auth/sign-in-page.tsx'), 'SignInPage'), isPublic: true },
  // A public report link (issue 18): anyone, no account, none of the app's frame.
  { path: '/r/:slug', Page: page(() => import('../features/public-report/public-report-page.tsx'), 'PublicReportPage'), isPublic: true },
  { path: '/account', Page: page(() => import('../features/auth/account-page.tsx'), 'AccountPage') },
  {
    path: '/notifications',
    Page: page(() => import('../features/notifications/notifications-page.tsx'), 'NotificationsPage'),
    permission: 'notifications.read',
  },
  { path: '/', Page: page(() => import('../features/map/map-page.tsx'), 'MapPage') },
  { path: '/work', Page: page(() => import('../features/work/work-page.tsx'), 'WorkPage'), permission: 'work.read' },
  { path: '/report', Page: page(() => import('../features/report/report-page.tsx'), 'ReportPage'), permission: 'incidents.create' },
  {
    path: '/incidents',
    Page: page(() => import('../features/incidents/incident-list-page.tsx'), 'IncidentListPage'),
    permission: 'incidents.read',
  },
  {
    path: '/incidents/:id',
    Page: page(() => import('../features/incidents/incident-page.tsx'), 'IncidentPage'),
    permission: 'incidents.read',
  },
  {
    path: '/incidents/:id/edit',
    Page: page(() => import('../features/incidents/incident-edit-page.tsx'), 'IncidentEditPage'),
    permission: 'incidents.edit',
  },
  {
    path: '/communities',
    Page: page(() => import('../features/communities/community-list-page.tsx'), 'CommunityListPage'),
    permission: 'communities.read',
  },
  {
    path: '/communities/new',
    Page: page(() => import('../features/communities/community-edit-page.tsx'), 'CommunityEditPage'),
    permission: 'communities.write',
  },
  {
    path: '/communities/:id',
    Page: page(() => import('../features/communities/community-page.tsx'), 'CommunityPage'),
    permission: 'communities.read',
  },
  {
    path: '/communities/:id/edit',
    Page: page(() => import('../features/communities/community-edit-page.tsx'), 'CommunityEditPage'),
    permission: 'communities.write',
  },
  { path: '/parcels', Page: page(() => import('../features/parcels/parcel-list-page.tsx'), 'ParcelListPage'), permission: 'land.read' },
  {
    path: '/parcels/new',
    Page: page(() => import('../features/parcels/parcel-edit-page.tsx'), 'ParcelEditPage'),
    permission: 'land.write',
  },
  { path: '/parcels/:id', Page: page(() => import('../features/parcels/parcel-page.tsx'), 'ParcelPage'), permission: 'land.read' },
  {
    path: '/parcels/:id/edit',
    Page: page(() => import('../features/parcels/parcel-edit-page.tsx'), 'ParcelEditPage'),
    permission: 'land.write',
  },
  {
    path: '/concessions',
    Page: page(() => import('../features/concessions/concession-list-page.tsx'), 'ConcessionListPage'),
    permission: 'land.read',
  },
  {
    path: '/concessions/new',
    Page: page(() => import('../features/concessions/concession-edit-page.tsx'), 'ConcessionEditPage'),
    permission: 'land.write',
  },
  {
    path: '/concessions/:id',
    Page: page(() => import('../features/concessions/concession-page.tsx'), 'ConcessionPage'),
    permission: 'land.read',
  },
  {
    path: '/concessions/:id/edit',
    Page: page(() => import('../features/concessions/concession-edit-page.tsx'), 'ConcessionEditPage'),
    permission: 'land.write',
  },
  { path: '/cases', Page: page(() => import('../features/cases/case-list-page.tsx'), 'CaseListPage'), permission: 'cases.read' },
  { path: '/cases/new', Page: page(() => import('../features/cases/case-edit-page.tsx'), 'CaseEditPage'), permission: 'cases.write' },
  { path: '/cases/:id', Page: page(() => import('../features/cases/case-page.tsx'), 'CasePage'), permission: 'cases.read' },
  { path: '/cases/:id/edit', Page: page(() => import('../features/cases/case-edit-page.tsx'), 'CaseEditPage'), permission: 'cases.write' },
  {
    path: '/cases/:id/letters/new',
    Page: page(() => import('../features/document-templates/letter-page.tsx'), 'LetterPage'),
    permission: 'documents.generate',
  },
  { path: '/triage', Page: page(() => import('../features/triage/triage-page.tsx'), 'TriagePage'), permission: 'incidents.triage' },
  // Reports from outside (issue 18): the moderation queue, one report, and the public report links.
  { path: '/intake', Page: page(() => import('../features/intake/intake-page.tsx'), 'IntakePage'), permission: 'intake.moderate' },
  {
    path: '/intake/links',
    Page: page(() => import('../features/intake/links-page.tsx'), 'IntakeLinksPage'),
    permission: 'intake.links',
  },
  {
    path: '/intake/:id',
    Page: page(() => import('../features/intake/intake-report-page.tsx'), 'IntakeReportPage'),
    permission: 'intake.moderate',
  },
  { path: '/calendar', Page: page(() => import('../features/calendar/calendar-page.tsx'), 'CalendarPage'), permission: 'calendar.read' },
  { path: '/dashboard', Page: page(() => import('../features/dashboard/dashboard-page.tsx'), 'DashboardPage'), permission: 'stats.read' },
  {
    path: '/activities',
    Page: page(() => import('../features/activities/activity-list-page.tsx'), 'ActivityListPage'),
    permission: 'activities.read',
  },
  {
    path: '/activities/new',
    Page: page(() => import('../features/activities/activity-edit-page.tsx'), 'ActivityEditPage'),
    permission: 'activities.write',
  },
  {
    path: '/activities/:id',
    Page: page(() => import('../features/activities/activity-page.tsx'), 'ActivityPage'),
    permission: 'activities.read',
  },
  {
    path: '/activities/:id/edit',
    Page: page(() => import('../features/activities/activity-edit-page.tsx'), 'ActivityEditPage'),
    permission: 'activities.write',
  },
  { path: '/targets/:id', Page: page(() => import('../features/targets/target-page.tsx'), 'TargetPage'), permission: 'targets.read' },
  {
    path: '/admin/targets',
    Page: page(() => import('../features/targets/targets-admin-page.tsx'), 'TargetsAdminPage'),
    permission: 'targets.write',
  },
  { path: '/imports', Page: page(() => import('../features/imports/import-list-page.tsx'), 'ImportListPage'), permission: 'imports.run' },
  {
    path: '/imports/new',
    Page: page(() => import('../features/imports/import-wizard-page.tsx'), 'ImportWizardPage'),
    permission: 'imports.run',
  },
  {
    path: '/imports/:id',
    Page: page(() => import('../features/imports/import-wizard-page.tsx'), 'ImportWizardPage'),
    permission: 'imports.run',
  },
  { path: '/admin/users', Page: page(() => import('../features/admin/users-page.tsx'), 'UsersPage'), permission: 'users.manage' },
  { path: '/admin/audit', Page: page(() => import('../features/admin/audit-page.tsx'), 'AuditPage'), permission: 'audit.read' },
  {
    path: '/admin/templates',
    Page: page(() => import('../features/document-templates/templates-page.tsx'), 'TemplatesPage'),
    permission: 'templates.manage',
  },
  {
    path: '/admin/deadline-rules',
    Page: page(() => import('../features/deadline-rules/deadline-rules-page.tsx'), 'DeadlineRulesPage'),
    permission: 'deadline_rules.manage',
  },
]

/** The navigation, in order; each entry shows only to roles holding its permission. */
export const NAV_ITEMS: { path: string; label: string; permission?: Permission }[] = [
  // Legal staff start their day here (and land here after signing in).
  { path: '/work', label: 'work.nav', permission: 'work.read' },
  { path: '/', label: 'common.nav.map' },
  { path: '/report', label: 'common.nav.report', permission: 'incidents.create' },
  { path: '/incidents', label: 'common.nav.incidents', permission: 'incidents.read' },
  { path: '/triage', label: 'common.nav.triage', permission: 'incidents.triage' },
  { path: '/intake', label: 'common.nav.intake', permission: 'intake.moderate' },
  { path: '/cases', label: 'common.nav.cases', permission: 'cases.read' },
  { path: '/calendar', label: 'common.nav.calendar', permission: 'calendar.read' },
  { path: '/communities', label: 'common.nav.communities', permission: 'communities.read' },
  { path: '/activities', label: 'common.nav.activities', permission: 'activities.read' },
  { path: '/parcels', label: 'common.nav.parcels', permission: 'land.read' },
  { path: '/concessions', label: 'common.nav.concessions', permission: 'land.read' },
  { path: '/dashboard', label: 'common.nav.dashboard', permission: 'stats.read' },
  { path: '/imports', label: 'imports.nav', permission: 'imports.run' },
  { path: '/admin/users', label: 'common.nav.users', permission: 'users.manage' },
  { path: '/admin/audit', label: 'common.nav.audit', permission: 'audit.read' },
  { path: '/admin/templates', label: 'documentTemplates.nav', permission: 'templates.manage' },
  { path: '/admin/deadline-rules', label: 'deadlineRules.nav', permission: 'deadline_rules.manage' },
  { path: '/admin/targets', label: 'common.nav.targets', permission: 'targets.write' },
]
