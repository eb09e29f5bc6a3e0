import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { Suspense } from 'react'
import { BrowserRouter, Route, Routes } from 'react-router'
import { ErrorBoundary } from '../components/error-boundary.tsx'
import { NotFound } from './not-found.tsx'
import { PageTitle } from './page-title.tsx'
import { ApiError, NetworkError } from '../lib/api-client.ts'
import { Layout } from './layout.tsx'
import { ROUTES } from './routes.tsx'
import { RequireSignIn } from './require-sign-in.tsx'

export function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        // A 4xx will not get better by asking again; a dropped connection might.
        retry: (failures, error) => failures < 2 && (error instanceof NetworkError || (error instanceof ApiError && error.status >= 500)),
        refetchOnWindowFocus: false,
      },
    },
  })
}

const queryClient = createQueryClient()

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <AppRoutes />
      </BrowserRouter>
    </QueryClientProvider>
  )
}

export function AppRoutes() {
  return (
    <Routes>
      {ROUTES.map(({ path, Page, permission, isPublic }) => (
        <Route
          key={path}
          path={path}
          element={
            isPublic ? (
              <ErrorBoundary>
                <PageTitle />
                <Suspense fallback={<PageLoading />}>
                  <Page />
                </Suspense>
              </ErrorBoundary>
            ) : (
              <RequireSignIn permission={permission}>
                <Layout>
                  <PageTitle />
                  <ErrorBoundary key={path}>
                    <Suspense fallback={<PageLoading />}>
                      <Page />
                    </Suspense>
                  </ErrorBoundary>
                </Layout>
              </RequireSignIn>
            )
          }
        />
      ))}
      <Route
        path="*"
        element={
          <RequireSignIn>
            <Layout>
              <NotFound />
            </Layout>
          </RequireSignIn>
        }
      />
    </Routes>
  )
}

function PageLoading() {
  return (
    <div className="page-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
    </div>
  )
}
