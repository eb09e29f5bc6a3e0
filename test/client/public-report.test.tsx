// @vitest-environment happy-dom
// The public report page (/r/<slug>): no account, Khmer first, the report kept on the phone while
// offline and sent once when the connection returns, with a real ALTCHA proof of work (altcha-lib
// makes and checks the challenge here as the server does) and the receipt code kept on the phone.
// Only the network is faked: fetch answers like the public intake API.
import 'fake-indexeddb/auto'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { act, cleanup, render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { createChallenge, verifySolution, type Challenge } from 'altcha-lib'
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2'
import { randomUUID } from 'node:crypto'
import { MemoryRouter } from 'react-router'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { AppRoutes } from '../../client/app/app.tsx'
import {
  createPublicOutbox,
  publicOutbox,
  type PublicEntry,
  type PublicTransport,
} from '../../client/features/public-report/public-outbox.ts'
import { publicReportMessages } from '../../client/features/public-report/messages.ts'
import { acceptPhotos, checkPublicReport, initialPublicValues } from '../../client/features/public-report/public-values.ts'
import { setLanguage } from '../../client/lib/i18n.ts'
import { ApiError, NetworkError } from '../../client/lib/api-client.ts'
import { DOM_WAIT_MS } from '../helpers/dom-setup.ts'
import { initI18n } from '../helpers/i18n.ts'

const UNTIL = { timeout: DOM_WAIT_MS, interval: 20 }
const SLUG = 'k7qm4txdab23'
const HMAC = 'test-hmac-secret'

const LINK = {
  slug: SLUG,
  title: 'Prey Lang forest reports',
  titleKm: 'របាយការណ៍ព្រៃឡង់',
  communityName: 'Boeng Sala Land Community',
  communityNameKm: 'សហគមន៍ដីធ្លីបឹងសាលា',
}

// ---- The fake public intake API ----------------------------------------------------------------

const server = {
  isReachable: true,
  linkStatus: 200 as 200 | 404 | 410,
  /** clientReportId → receipt: a repeat gets the first receipt back. */
  receipts: new Map<string, { receiptCode: string; receivedAt: string }>(),
  reports: [] as { body: Record<string, unknown>; photos: { name: string | undefined; size: number }[]; isProofValid: boolean }[],
  paths: [] as string[],
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
const problem = (status: number, code: string) => json(status, { type: 'about:blank', title: code, status, code, detail: code })

async function fakeFetch(input: RequestInfo | URL, init: RequestInit = {}) {
  const url = new URL(String(input), 'http://dey.test')
  server.paths.push(`${init.method ?? 'GET'} ${url.pathname}`)
  if (!server.isReachable) throw new TypeError('Failed to fetch')
  if (url.pathname === '/api/auth/me') return problem(401, 'auth.required')
  const base = `/api/public/intake/${SLUG}`
  if (url.pathname.startsWith('/api/public/intake/') && !url.pathname.startsWith(base)) return problem(404, 'intake.link_not_found')
  if (server.linkStatus !== 200)
    return problem(server.linkStatus, server.linkStatus === 404 ? 'intake.link_not_found' : 'intake.link_closed')
  if (url.pathname === base) return json(200, LINK)
  if (url.pathname === `${base}/challenge`)
    return json(200, await createChallenge({ algorithm: 'PBKDF2/SHA-256', cost: 50, deriveKey, hmacSignatureSecret: HMAC, counter: 3 }))
  if (url.pathname === `${base}/reports` && init.method === 'POST') {
    const form = init.body as unknown as RecordedFormData
    const body = JSON.parse(String(form.get('report'))) as Record<string, unknown>
    const { challenge, solution } = JSON.parse(Buffer.from(String(body.altcha), 'base64').toString('utf8')) as {
      challenge: Challenge
      solution: { counter: number; derivedKey: string }
    }
    const proof = await verifySolution({ challenge, solution, deriveKey, hmacSignatureSecret: HMAC })
    const photos = form.getAll('photo')
    server.reports.push({ body, photos, isProofValid: proof.verified })
    const id = String(body.clientReportId)
    const earlier = server.receipts.get(id)
    if (earlier) return json(200, earlier)
    const receipt = { receiptCode: `K7QM-${String(server.receipts.size + 2).padStart(4, '2')}`, receivedAt: new Date().toISOString() }
    server.receipts.set(id, receipt)
    return json(201, receipt)
  }
  return problem(404, 'http.404')
}

/**
 * The form the page posts, as fetch would send it. (happy-dom's FormData takes only its own Blobs,
 * and the photos come back from fake-indexeddb as Node's.)
 */
class RecordedFormData {
  readonly parts: [string, unknown, string | undefined][] = []
  append(name: string, value: unknown, filename?: string) {
    this.parts.push([name, value, filename])
  }
  get(name: string) {
    return this.parts.find(([part]) => part === name)?.[1] ?? null
  }
  getAll(name: string) {
    return this.parts.filter(([part]) => part === name).map(([, value, filename]) => ({ name: filename, size: (value as Blob).size }))
  }
}

let online = true
Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => online })
function goOnline() {
  online = true
  server.isReachable = true
  window.dispatchEvent(new Event('online'))
}

beforeAll(() => initI18n('km'))

beforeEach(async () => {
  online = true
  Object.assign(server, { isReachable: true, linkStatus: 200, reports: [], paths: [] })
  server.receipts.clear()
  localStorage.clear()
  vi.stubGlobal('fetch', vi.fn(fakeFetch))
  vi.stubGlobal('FormData', RecordedFormData)
  publicOutbox.start(SLUG)
  await publicOutbox.idle()
  for (const entry of publicOutbox.getSnapshot().entries) await publicOutbox.discard(entry.id)
  await publicOutbox.clearDraft(SLUG)
  publicOutbox.stop()
})

afterEach(async () => {
  cleanup()
  publicOutbox.stop()
  await publicOutbox.idle()
  vi.unstubAllGlobals()
  await setLanguage('km')
})

function renderAt(path: string) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  return render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={[path]}>
        <AppRoutes />
      </MemoryRouter>
    </QueryClientProvider>,
  )
}

// ---- The page ----------------------------------------------------------------------------------

describe('the public report page', () => {
  it('shows the link in Khmer, without the app’s menu or sign-in, and asks nothing that needs an account', async () => {
    renderAt(`/r/${SLUG}`)
    expect((await screen.findByTestId('public-link-title')).textContent).toBe('របាយការណ៍ព្រៃឡង់')
    expect(screen.getByText('សហគមន៍៖ សហគមន៍ដីធ្លីបឹងសាលា')).toBeTruthy()
    expect(await screen.findByTestId('public-report-form')).toBeTruthy()
    // No navigation, no report button, no sign-in form: nothing of the app around the page.
    expect(document.querySelector('nav, .topbar, .report-fab')).toBeNull()
    expect(screen.queryByLabelText('ពាក្យសម្ងាត់')).toBeNull()
    // Besides the link, only what any visitor's map asks (answered 401 without consequence: the page stays).
    expect(server.paths.filter((path) => !/ \/api\/(public\/intake\/|client-config$|auth\/me$|admin-areas$)/.test(path))).toEqual([])
    // The honeypot is out of reach: hidden from assistive technology and from the Tab key.
    const trap = document.querySelector<HTMLInputElement>('input[name="website"]')!
    expect(trap.tabIndex).toBe(-1)
    expect(trap.closest('[aria-hidden="true"]')).not.toBeNull()
  })

  it('says plainly when the link does not exist, or is closed', async () => {
    server.linkStatus = 404
    renderAt(`/r/${SLUG}`)
    expect((await screen.findByTestId('public-link-notFound')).textContent).toContain('តំណរាយការណ៍នេះមិនមានទេ')
    cleanup()
    server.linkStatus = 410
    await setLanguage('en')
    renderAt(`/r/${SLUG}`)
    expect((await screen.findByTestId('public-link-closed')).textContent).toContain('This report link is closed')
    cleanup()
    // Not a slug at all: no request is made for it.
    server.paths = []
    renderAt('/r/not-a-link!')
    await screen.findByTestId('public-link-notFound')
    expect(server.paths.filter((path) => path.includes('/api/public/'))).toEqual([])
  })

  it('keeps a report made offline on the phone, sends it once when the connection returns, and keeps the receipt across a reload', async () => {
    renderAt(`/r/${SLUG}`)
    const user = userEvent.setup()
    await screen.findByTestId('public-report-form')
    await user.click(screen.getByRole('radio', { name: 'ការព័ទ្ធរបង' }))
    await user.type(screen.getByLabelText(/រៀបរាប់ពីអ្វីដែលបានកើតឡើង/), 'Soldiers fenced the grazing land')
    await user.upload(
      screen.getAllByLabelText(/រូបថត/)[0]!,
      new File([new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3])], 'fence.jpg', { type: 'image/jpeg' }),
    )
    await user.type(screen.getByLabelText('លេខទូរស័ព្ទរបស់អ្នក'), '012 345 678')
    await user.click(screen.getByRole('checkbox', { name: /តើយើងអាចទាក់ទងអ្នកបានទេ/ }))

    online = false
    server.isReachable = false
    await user.click(screen.getByRole('button', { name: 'ផ្ញើរបាយការណ៍' }))
    expect((await screen.findByTestId('public-report-kept')).textContent).toContain('របាយការណ៍របស់អ្នកត្រូវបានរក្សាទុកនៅលើទូរស័ព្ទនេះ')
    expect(server.reports).toEqual([])
    const [kept] = publicOutbox.getSnapshot().entries as PublicEntry[]
    expect(kept!.files.map((file) => file.name)).toEqual(['fence.jpg'])

    act(goOnline)
    const code = await screen.findByTestId('receipt-code', {}, UNTIL)
    expect(code.textContent).toMatch(/^K7QM-\w{4}$/)
    expect(screen.getByText('បានទទួលរបាយការណ៍')).toBeTruthy()
    expect(server.reports).toHaveLength(1)
    expect(server.reports[0]).toMatchObject({
      isProofValid: true,
      // Its bytes: the browser journey checks them (SHA-256); fake-indexeddb keeps no happy-dom Blob's bytes.
      photos: [expect.objectContaining({ name: 'fence.jpg' })],
      body: {
        kind: 'fencing',
        description: 'Soldiers fenced the grazing land',
        phone: '012 345 678',
        mayContact: true,
        language: 'km',
        website: '',
        clientReportId: kept!.id,
      },
    })
    // The photos leave the phone once the server has them; the receipt stays.
    // Nor what the sender wrote, nor their name and phone: only the receipt and the kind stay.
    const [received] = publicOutbox.getSnapshot().entries
    expect(received).toMatchObject({ files: [], values: null, body: { kind: 'fencing', clientReportId: kept!.id } })
    expect(JSON.stringify(received)).not.toContain('012 345 678')

    // A reload (the page mounted again) still shows the receipt; nothing is sent again.
    cleanup()
    publicOutbox.stop()
    renderAt(`/r/${SLUG}`)
    expect((await screen.findByTestId('receipt-code')).textContent).toBe(code.textContent)
    await publicOutbox.idle()
    expect(server.reports).toHaveLength(1)
    // "Send another report" leads to an empty form, with the earlier receipt code listed under it.
    await user.click(screen.getByRole('button', { name: 'ផ្ញើរបាយការណ៍មួយទៀត' }))
    await screen.findByTestId('public-report-form')
    expect(screen.getByText(code.textContent!)).toBeTruthy()
  })

  it('shows what is missing, and keeps nothing until it is put right', async () => {
    await setLanguage('en')
    renderAt(`/r/${SLUG}`)
    const user = userEvent.setup()
    await screen.findByTestId('public-report-form')
    await user.click(screen.getByRole('button', { name: 'Send report' }))
    expect(screen.getByText('Choose what happened.')).toBeTruthy()
    expect(screen.getByText('Please check the fields marked in red.')).toBeTruthy()
    expect(publicOutbox.getSnapshot().entries).toEqual([])
  })
})

// ---- The rules and the outbox on their own -----------------------------------------------------

describe('the public form’s rules', () => {
  it('has every string in Khmer too (its strings load with the page, outside the app’s checked namespaces)', () => {
    const english = Object.entries(publicReportMessages.en)
    expect(Object.keys(publicReportMessages.km).sort()).toEqual(english.map(([key]) => key).sort())
    const untranslated = english.filter(([key, text]) => publicReportMessages.km[key as keyof typeof publicReportMessages.km] === text)
    expect(untranslated).toEqual([])
    for (const text of Object.values(publicReportMessages.km)) expect(text).toMatch(/[\u1780-\u17ff]/)
  })

  it('needs a kind and a description; the place is optional but inside the region', async () => {
    await setLanguage('en')
    const { t } = (await import('i18next')).default
    const empty = checkPublicReport(initialPublicValues(), { t, language: 'en' })
    expect(empty.ok ? {} : Object.keys(empty.errors).sort()).toEqual(['description', 'kind'])
    const values = { ...initialPublicValues(), kind: 'fencing' as const, description: ' Fence ' }
    const good = checkPublicReport(values, { t, language: 'km' })
    expect(good.ok && good.body).toMatchObject({ kind: 'fencing', description: 'Fence', mayContact: false, language: 'km', website: '' })
    expect(good.ok && 'location' in good.body).toBe(false)
    const bangkok = checkPublicReport({ ...values, location: { lng: 100.5, lat: 13.75, source: 'map' } }, { t, language: 'en' })
    expect(bangkok.ok ? {} : bangkok.errors).toEqual({ location: 'This place is outside Cambodia. Move the pin.' })
  })

  it('takes photos only, each within the size limit, and at most five in all', async () => {
    const { t } = (await import('i18next')).default
    const photo = (name: string, type = 'image/jpeg', size = 1000) => ({ name, type, size })
    const { accepted, problems } = acceptPhotos(
      [photo('a.jpg'), photo('notes.pdf', 'application/pdf'), photo('huge.png', 'image/png', 16 * 1024 * 1024)],
      0,
      t,
    )
    expect(accepted.map((file) => file.name)).toEqual(['a.jpg'])
    expect(problems).toHaveLength(2)
    const full = acceptPhotos([photo('5.jpg'), photo('6.jpg')], 4, t)
    expect(full.accepted.map((file) => file.name)).toEqual(['5.jpg'])
    expect(full.problems).toHaveLength(1)
  })
})

describe('the public outbox', () => {
  function fakeTransport(overrides: Partial<PublicTransport> = {}) {
    const calls = { challenges: 0, posts: [] as Record<string, unknown>[] }
    const transport: PublicTransport = {
      fetchChallenge: async () => {
        calls.challenges += 1
        return { parameters: { algorithm: 'SHA-256', nonce: '00', salt: '00', cost: 1, keyLength: 32, keyPrefix: '0' }, signature: 'x' }
      },
      solve: async () => `solved-${calls.challenges}`,
      post: async (_slug, body) => {
        calls.posts.push(body as Record<string, unknown>)
        return { receiptCode: 'K7QM-4TXD', receivedAt: new Date() }
      },
      ...overrides,
    }
    return { transport, calls }
  }
  const newEntry = {
    slug: SLUG,
    body: { kind: 'fencing' as const, description: 'Fence', mayContact: false, website: '' },
    values: {},
    label: 'Fencing',
    files: [],
  }

  it('sends again after a lost answer with the same clientReportId and a fresh challenge', async () => {
    let isAnswerLost = true
    const { transport, calls } = fakeTransport()
    const post = transport.post
    transport.post = async (...args) => {
      const receipt = await post(...args)
      if (isAnswerLost) {
        isAnswerLost = false
        throw new NetworkError(new TypeError('connection reset'))
      }
      return receipt
    }
    const box = createPublicOutbox({ dbName: `public-${randomUUID()}`, transport, retryBaseMs: 10, maxRetryMs: 20 })
    box.start(SLUG)
    const entry = await box.add(newEntry)
    await vi.waitFor(() => expect(box.getSnapshot().entries[0]?.receipt?.receiptCode).toBe('K7QM-4TXD'), UNTIL)
    expect(calls.posts.map((body) => body.clientReportId)).toEqual([entry.id, entry.id])
    expect(calls.posts.map((body) => body.altcha)).toEqual(['solved-1', 'solved-2'])
    await box.close()
  })

  it('leaves a report the server refuses (a closed link) for the sender, without retrying it', async () => {
    const refusal = new ApiError(410, { type: 'about:blank', title: 'Gone', status: 410, code: 'intake.link_closed', detail: 'closed' })
    const { transport, calls } = fakeTransport({
      post: async (_slug, body) => {
        calls.posts.push(body as Record<string, unknown>)
        throw refusal
      },
    })
    const box = createPublicOutbox({ dbName: `public-${randomUUID()}`, transport, retryBaseMs: 10, maxRetryMs: 20 })
    box.start(SLUG)
    await box.add(newEntry)
    await vi.waitFor(() => expect(box.getSnapshot().entries[0]?.error?.kind).toBe('refused'), UNTIL)
    await box.sync()
    await box.idle()
    expect(calls.posts).toHaveLength(1)
    await box.close()
  })
})
