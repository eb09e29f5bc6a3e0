// The gate of every page that needs a signed-in user (and, for some, a permission).
import type { ReactNode } from 'react'
import { Navigate, useLocation } from 'react-router'
import type { Permission } from '../../shared/permissions.ts'
import { useMe } from '../lib/session.ts'
import { Forbidden } from './forbidden.tsx'
import { Layout } from './layout.tsx'

export function RequireSignIn({ children, permission }: { children: ReactNode; permission?: Permission }) {
  const { data: me, isPending, error } = useMe()
  const location = useLocation()
  if (isPending)
    return (
      <p className="page-loading" role="status">
        …
      </p>
    )
  if (error) throw error
  if (!me) return <Navigate to={`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`} replace />
  if (me.mustChangePassword && location.pathname !== '/account') return <Navigate to="/account?mustChange=1" replace />
  // The role requires two-step sign-in and none is set up: the account page sets it up first.
  if (me.mustEnrolSecondFactor && location.pathname !== '/account') return <Navigate to="/account" replace />
  if (permission && !me.permissions.includes(permission))
    return (
      <Layout>
        <Forbidden role={me.role} />
      </Layout>
    )
  return <>{children}</>
}
