// @vitest-environment happy-dom
// Staff screens for reports from outside: the small rules (a pasted incident address, a report's
// first line, which decisions a report allows), and the report page's decisions and the report
// links' creation and closing, over a fake API.
import { cleanup, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { IntakePage } from '../../client/features/intake/intake-page.tsx'
import { IntakeReportPage } from '../../client/features/intake/intake-report-page.tsx'
import { IntakeLinksPage } from '../../client/features/intake/links-page.tsx'
import { firstLine, incidentIdFrom, intakeActions } from '../../client/features/intake/intake-values.ts'
import { intakeMessages } from '../../client/features/intake/messages.ts'
import { registerIntakeStrings } from '../../client/features/intake/strings.ts'
import { initI18n } from '../helpers/i18n.ts'
import { clientConfigJson } from './api-answers.ts'
import { fakeApi, meOf, problem, renderPage, type FakeRequest } from './admin-render.tsx'

const originalGetContext = HTMLCanvasElement.prototype.getContext
beforeAll(() => {
  // happy-dom has no canvas; Leaflet draws the location picker's point on one. A context that
  // accepts every drawing call and draws nothing lets the real map components run.
  const context = new Proxy(
    {},
    {
      get: (target: Record<string, unknown>, key: string) => (key in target ? target[key] : () => undefined),
      set: (target, key: string, value) => ((target[key] = value), true),
    },
  )
  HTMLCanvasElement.prototype.getContext = (() => context) as unknown as HTMLCanvasElement['getContext']
  // The screens' strings load with their pages (strings.ts), after the app's own.
  initI18n('en')
  registerIntakeStrings()
})
afterAll(() => {
  HTMLCanvasElement.prototype.getContext = originalGetContext
})

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

const REPORT_ID = '11111111-1111-4111-8111-111111111111'
const INCIDENT_ID = '22222222-2222-4222-8222-222222222222'
const CANDIDATE_ID = '33333333-3333-4333-8333-333333333333'
const LINK_ID = '44444444-4444-4444-8444-444444444444'
const NOW = '2026-12-06T10:00:00.000Z'

const sender = (overrides: Record<string, unknown> = {}) => ({
  name: 'S•••',
  phone: '+855 •• ••• 678',
  telegramUsername: null,
  isMasked: true,
  mayContact: false,
  userId: null,
  userDisplayName: null,
  erasedAt: null,
  ...overrides,
})

function report(overrides: Record<string, unknown> = {}) {
  return {
    id: REPORT_ID,
    createdAt: NOW,
    updatedAt: NOW,
    version: 3,
    receiptCode: 'K7QM-4TXD',
    source: 'web',
    status: 'new',
    linkId: null,
    linkTitle: 'Prey Lang patrol',
    communityId: null,
    communityName: null,
    kind: 'land_grabbing',
    description: 'Bulldozers at the rice field\nSince this morning.',
    occurredAt: null,
    occurredPrecision: null,
    location: null,
    language: 'km',
    sender: sender(),
    photoCount: 0,
    incidentId: null,
    rejectionReason: null,
    decidedByUserId: null,
    decidedAt: null,
    photos: [],
    candidates: [
      {
        id: CANDIDATE_ID,
        title: 'Fence at the rice field',
        titleKm: null,
        kind: 'land_grabbing',
        status: 'reported',
        occurredAt: NOW,
        distanceKm: 1.2,
        daysApart: 2,
        communityName: null,
      },
    ],
    ...overrides,
  }
}

describe('the screens’ strings', () => {
  type Tree = { [key: string]: string | Tree }
  const leaves = (tree: Tree, prefix = ''): [string, string][] =>
    Object.entries(tree).flatMap(([key, value]) =>
      typeof value === 'string' ? [[`${prefix}${key}`, value]] : leaves(value, `${prefix}${key}.`),
    )

  it('are all in Khmer too, translated (they load with the pages, outside the app’s checked namespaces)', () => {
    const english = new Map(leaves(intakeMessages.en as Tree))
    const khmer = leaves(intakeMessages.km as Tree)
    expect(khmer.map(([key]) => key).sort()).toEqual([...english.keys()].sort())
    const placeholders = (text: string) => (text.match(/\{\{\w+\}\}/g) ?? []).sort()
    for (const [key, text] of khmer) {
      expect(text, key).toMatch(/[\u1780-\u17ff]/)
      expect(placeholders(text), key).toEqual(placeholders(english.get(key)!))
    }
  })
})

describe('incidentIdFrom', () => {
  it('takes an id, or the id out of an incident page’s address', () => {
    expect(incidentIdFrom(` ${INCIDENT_ID.toUpperCase()} `)).toBe(INCIDENT_ID)
    expect(incidentIdFrom(`https://dey.example.org/incidents/${INCIDENT_ID}`)).toBe(INCIDENT_ID)
    expect(incidentIdFrom(`https://dey.example.org/incidents/${INCIDENT_ID}/edit?x=1`)).toBe(INCIDENT_ID)
  })

  it('refuses what is neither, and the address of another kind of record', () => {
    expect(incidentIdFrom('the fence one')).toBeUndefined()
    expect(incidentIdFrom(`https://dey.example.org/cases/${INCIDENT_ID}`)).toBeUndefined()
    expect(incidentIdFrom(`${INCIDENT_ID}x`)).toBeUndefined()
  })
})

describe('firstLine', () => {
  it('shows the first line only, cut at a word when long', () => {
    expect(firstLine('Bulldozers came\nand more')).toBe('Bulldozers came')
    expect(firstLine(null)).toBe('')
    expect(firstLine('one two three four five six', 14)).toBe('one two three…')
  })
})

describe('intakeActions', () => {
  it('decides only new reports, and erases a sender’s details that are still there', () => {
    expect(intakeActions({ status: 'new', sender: sender() })).toEqual(['accept', 'merge', 'reject', 'erase'])
    expect(intakeActions({ status: 'accepted', sender: sender() })).toEqual(['erase'])
    expect(intakeActions({ status: 'rejected', sender: sender({ erasedAt: NOW, name: null, phone: null }) })).toEqual([])
    expect(intakeActions({ status: 'new', sender: sender({ name: null, phone: null }) })).toEqual(['accept', 'merge', 'reject'])
  })
})

describe('IntakePage', () => {
  it('lists the queue by status, and finds a report by the receipt code a sender quotes', async () => {
    const { requests } = fakeApi((request) => {
      if (request.path === '/api/intake/reports') return { body: { items: [report({ photoCount: 2 })], nextCursor: null } }
      if (request.path === '/api/client-config') return { body: clientConfigJson({ maxUploadBytes: 1024, hasDemoAccounts: true }) }
      return undefined
    })
    await renderPage(<IntakePage />, { me: meOf('legal'), path: '/intake', route: '/intake' })
    const row = await screen.findByTestId('intake-report')
    expect(within(row).getByRole('link').getAttribute('href')).toBe(`/intake/${REPORT_ID}`)
    expect(within(row).getByText('Bulldozers at the rice field')).toBeTruthy()
    expect(within(row).getByText('S•••, +855 •• ••• 678')).toBeTruthy()
    expect(within(row).getByText('Photos: 2')).toBeTruthy()
    const lists = () => requests.filter((request) => request.path === '/api/intake/reports')
    expect(lists()[0]!.query.get('status')).toBe('new')

    await userEvent.click(screen.getByRole('button', { name: 'Accepted' }))
    await waitFor(() => expect(lists().at(-1)!.query.get('status')).toBe('accepted'))

    const receipt = screen.getByLabelText('Receipt code')
    await userEvent.type(receipt, 'k7qm')
    await userEvent.click(screen.getByRole('button', { name: 'Search' }))
    expect(receipt.getAttribute('aria-invalid')).toBe('true')
    const asked = lists().length
    await userEvent.type(receipt, '4txd')
    await userEvent.click(screen.getByRole('button', { name: 'Search' }))
    await waitFor(() => expect(lists().at(-1)!.query.get('receipt')).toBe('K7QM-4TXD'))
    expect(lists().length).toBe(asked + 1)
  })
})

describe('IntakeReportPage', () => {
  function api(onPost: (request: FakeRequest) => { status?: number; body?: unknown } | undefined, current = () => report()) {
    return fakeApi((request) => {
      if (request.method === 'POST') return onPost(request)
      if (request.path === `/api/intake/reports/${REPORT_ID}`) return { body: current() }
      if (request.path === '/api/communities') return { body: { items: [], nextCursor: null } }
      if (request.path === '/api/client-config') return { body: clientConfigJson({ maxUploadBytes: 1024, hasDemoAccounts: true }) }
      return undefined
    })
  }
  const open = () => renderPage(<IntakeReportPage />, { me: meOf('legal'), path: `/intake/${REPORT_ID}`, route: '/intake/:id' })

  it('accepts a report as an incident with its kind and the place chosen, and links to the new incident', async () => {
    const accepted = report({ status: 'accepted', incidentId: INCIDENT_ID, version: 4 })
    let isAccepted = false
    const { requests } = api(
      (request) => {
        if (!request.path.endsWith('/accept')) return undefined
        isAccepted = true
        return { body: { report: accepted, incidentId: INCIDENT_ID } }
      },
      () => (isAccepted ? accepted : report()),
    )
    await open()
    expect(await screen.findByText(/Bulldozers at the rice field/)).toBeTruthy()
    await userEvent.click(screen.getByRole('button', { name: 'Accept' }))
    await userEvent.click(screen.getByRole('button', { name: 'Accept as incident' }))
    // No title yet, and the report has no place: both are asked for, nothing is sent.
    expect(screen.getByLabelText(/^Title\s*\*?$/).getAttribute('aria-invalid')).toBe('true')
    expect(requests.some((request) => request.method === 'POST')).toBe(false)

    await userEvent.type(screen.getByLabelText(/^Title\s*\*?$/), 'Rice field cleared')
    await userEvent.type(screen.getByLabelText('Longitude'), '104.9')
    await userEvent.type(screen.getByLabelText('Latitude'), '11.55')
    await userEvent.click(screen.getByRole('button', { name: 'Accept as incident' }))

    const link = await screen.findByRole('link', { name: 'Open incident' })
    expect(link.getAttribute('href')).toBe(`/incidents/${INCIDENT_ID}`)
    expect(screen.getByText(/in the triage queue/)).toBeTruthy()
    const accept = requests.find((request) => request.path === `/api/intake/reports/${REPORT_ID}/accept`)!
    expect(accept.body).toEqual({
      title: 'Rice field cleared',
      kind: 'land_grabbing',
      severity: 'medium',
      isConfidential: false,
      location: { type: 'Point', coordinates: [104.9, 11.55] },
      version: 3,
    })
  })

  it('merges into a suggested incident with the report’s version', async () => {
    const merged = report({ status: 'merged', incidentId: CANDIDATE_ID, version: 4 })
    let isMerged = false
    const { requests } = api(
      (request) => {
        if (!request.path.endsWith('/merge')) return undefined
        isMerged = true
        return { body: { report: merged, incidentId: CANDIDATE_ID } }
      },
      () => (isMerged ? merged : report()),
    )
    await open()
    await userEvent.click(await screen.findByRole('button', { name: 'Merge' }))
    const form = screen.getByRole('form', { name: 'Merge' })
    expect(within(form).getByRole('radio', { name: /Fence at the rice field/ })).toHaveProperty('checked', true)
    await userEvent.click(within(form).getByRole('button', { name: 'Merge into this incident' }))
    expect(await screen.findByRole('link', { name: 'Open incident' })).toBeTruthy()
    expect(requests.find((request) => request.path.endsWith('/merge'))!.body).toEqual({ incidentId: CANDIDATE_ID, version: 3 })
  })

  it('says another moderator decided first, and shows the report as it is now after a reload', async () => {
    let decidedElsewhere = false
    api(
      (request) => {
        if (!request.path.endsWith('/reject')) return undefined
        decidedElsewhere = true
        return problem(409, 'intake.already_decided')
      },
      () => (decidedElsewhere ? report({ status: 'rejected', rejectionReason: 'Spam', version: 4 }) : report()),
    )
    await open()
    await userEvent.click(await screen.findByRole('button', { name: 'Reject' }))
    await userEvent.click(screen.getByRole('button', { name: 'Reject the report' }))
    expect(screen.getByLabelText(/Why is it rejected/).getAttribute('aria-invalid')).toBe('true')
    await userEvent.type(screen.getByLabelText(/Why is it rejected/), 'Duplicate')
    await userEvent.click(screen.getByRole('button', { name: 'Reject the report' }))
    await userEvent.click(await screen.findByRole('button', { name: 'Load the current version' }))
    expect(await screen.findByText('Rejected: Spam')).toBeTruthy()
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Reject' })).toBeNull())
  })
})

describe('IntakeLinksPage', () => {
  const link = (overrides: Record<string, unknown> = {}) => ({
    id: LINK_ID,
    createdAt: NOW,
    updatedAt: NOW,
    version: 1,
    slug: 'k7qm4txdab23',
    url: 'https://dey.example.org/r/k7qm4txdab23',
    title: 'Prey Lang patrol',
    titleKm: null,
    communityId: null,
    hourlyLimit: 60,
    closedAt: null,
    createdByUserId: null,
    reportCount: 4,
    waitingCount: 1,
    ...overrides,
  })

  it('creates a link from the form and closes one with its version', async () => {
    const { requests } = fakeApi((request) => {
      if (request.path === '/api/intake/links' && request.method === 'POST') return { status: 201, body: link({ title: 'New one' }) }
      if (request.path === '/api/intake/links') return { body: { items: [link()] } }
      if (request.path === `/api/intake/links/${LINK_ID}`) return { body: link({ closedAt: NOW, version: 2 }) }
      if (request.path === '/api/communities') return { body: { items: [], nextCursor: null } }
      if (request.path === '/api/client-config') return { body: clientConfigJson({ maxUploadBytes: 1024, hasDemoAccounts: true }) }
      return undefined
    })
    await renderPage(<IntakeLinksPage />, { me: meOf('admin'), path: '/intake/links', route: '/intake/links' })
    expect(await screen.findByDisplayValue('https://dey.example.org/r/k7qm4txdab23')).toBeTruthy()
    expect(screen.getByText(/^Received: 4 · Waiting: 1/)).toBeTruthy()

    await userEvent.click(screen.getByRole('button', { name: 'Create link' }))
    expect(requests.some((request) => request.method === 'POST')).toBe(false)
    await userEvent.type(screen.getByLabelText(/^Title\s*\*?$/), 'New one')
    await userEvent.clear(screen.getByLabelText(/Reports per hour/))
    await userEvent.type(screen.getByLabelText(/Reports per hour/), '20')
    await userEvent.click(screen.getByRole('button', { name: 'Create link' }))
    expect(await screen.findByText('The link “New one” is ready.')).toBeTruthy()
    expect(requests.find((request) => request.method === 'POST')!.body).toEqual({ title: 'New one', hourlyLimit: 20 })

    await userEvent.click(screen.getByRole('button', { name: 'Show QR code' }))
    expect(screen.getByRole('img', { name: /QR code of/ }).getAttribute('src')).toBe(`/api/intake/links/${LINK_ID}/qr.svg`)
    await userEvent.click(screen.getByRole('button', { name: 'Close link' }))
    await waitFor(() => expect(requests.some((request) => request.method === 'PATCH')).toBe(true))
    expect(requests.find((request) => request.method === 'PATCH')!.body).toEqual({ isOpen: false, version: 1 })
  })
})
