// @vitest-environment happy-dom
// The app's own pages around the features: every page names itself in the browser's tab (in the
// reader's language), an unknown address says so under a heading, and a page the role may not
// open says why instead of silently showing the map.
// The layout's outbox badge reads the phone's outbox (IndexedDB).
import 'fake-indexeddb/auto'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { cleanup, render, screen, waitFor, within } from '@testing-library/react'
import { MemoryRouter } from 'react-router'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { AppRoutes } from '../../client/app/app.tsx'
import { initI18n } from '../helpers/i18n.ts'
import { setLanguage, type Language } from '../../client/lib/i18n.ts'
import { meQueryKey } from '../../client/lib/session.ts'
import { clientConfigJson } from './api-answers.ts'
import { fakeApi, meOf } from './admin-render.tsx'
import type { Me } from '../../shared/auth.ts'

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

async function openApp(path: string, me: Me, language: Language = 'en') {
  fakeApi((request) => {
    if (request.path === '/api/client-config') return { body: clientConfigJson({ maxUploadBytes: 1024, hasDemoAccounts: true }) }
    if (request.path === '/api/incidents') return { body: { items: [], nextCursor: null } }
    return undefined
  })
  initI18n(language)
  await setLanguage(language)
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  queryClient.setQueryData(meQueryKey, me)
  render(
    <QueryClientProvider client={queryClient}>
      <MemoryRouter initialEntries={[path]}>
        <AppRoutes />
      </MemoryRouter>
    </QueryClientProvider>,
  )
}

describe('the app’s pages', () => {
  it('names each page in the tab: the section, and what is done in it', async () => {
    await openApp('/incidents', meOf('legal'))
    await waitFor(() => expect(document.title).toBe('Incidents · Dey'))
    cleanup()
    await openApp('/communities/new', meOf('legal'))
    await waitFor(() => expect(document.title).toBe('New · Communities · Dey'))
    cleanup()
    await openApp('/report', meOf('community_rep'), 'km')
    await waitFor(() => expect(document.title).toBe('រាយការណ៍ការគំរាមកំហែង · Dey'))
  })

  it('says under a heading that an unknown address leads nowhere', async () => {
    await openApp('/no/such/page', meOf('legal'))
    expect((await screen.findByRole('heading', { level: 1 })).textContent).toBe('Page not found')
    await waitFor(() => expect(document.title).toBe('Page not found · Dey'))
  })

  it('tells a representative that their role may not open the triage queue, instead of sending them to the map', async () => {
    await openApp('/triage', meOf('community_rep'))
    expect((await screen.findByRole('heading', { level: 1 })).textContent).toBe('You cannot open this page')
    expect(screen.getByText(/Your role \(Community representative\) may not/)).toBeTruthy()
    expect(within(screen.getByRole('main')).getByRole('link', { name: 'Map' })).toBeTruthy()
    await waitFor(() => expect(document.title).toBe('You cannot open this page · Dey'))
  })
})
