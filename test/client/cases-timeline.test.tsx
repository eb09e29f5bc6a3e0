// @vitest-environment happy-dom
// The case page's timeline is the server's (#16, item 8): evidence — its capture and its chain of
// custody — comes in the timeline itself, in the server's order; the page no longer fetches the
// evidence list to merge it in.
import { cleanup, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { TimelineSection } from '../../client/features/cases/timeline-section.tsx'
import { fakeApi, meOf, renderPage } from './admin-render.tsx'
import { CASE_ID, EVIDENCE_ID, INCIDENT_ID } from './cases-fixtures.ts'

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

const DELETED_ID = '77777777-7777-4777-8777-777777777777'

const timeline = {
  items: [
    {
      type: 'incident',
      id: INCIDENT_ID,
      at: '2026-01-01T00:00:00.000Z',
      title: 'Crops destroyed',
      kind: 'crop_destruction',
      status: 'verified',
      occurredPrecision: 'day',
    },
    {
      type: 'evidence',
      id: EVIDENCE_ID,
      at: '2026-03-01T00:00:00.000Z',
      title: 'Photo of the fence',
      action: 'captured',
      custodyId: null,
      actorLabel: null,
      mediaType: 'image/jpeg',
      attachedTo: 'incident',
      isLive: true,
    },
    {
      type: 'evidence',
      id: EVIDENCE_ID,
      at: '2026-03-02T00:00:00.000Z',
      title: 'Photo of the fence',
      action: 'create',
      custodyId: 41,
      actorLabel: 'legal:Keo Ratha',
      mediaType: 'image/jpeg',
      attachedTo: 'incident',
      isLive: true,
    },
    {
      type: 'evidence',
      id: DELETED_ID,
      at: '2026-03-03T00:00:00.000Z',
      title: 'Wrong letter',
      action: 'delete',
      custodyId: 42,
      actorLabel: 'legal',
      mediaType: 'application/pdf',
      attachedTo: 'case',
      isLive: false,
    },
  ],
}

describe('TimelineSection', () => {
  it("shows the evidence entries of the server's timeline in its order, with who acted, without fetching the evidence list", async () => {
    const { requests } = fakeApi((request) => (request.path === `/api/cases/${CASE_ID}/timeline` ? { body: timeline } : undefined))
    await renderPage(<TimelineSection caseId={CASE_ID} />, { me: meOf('legal'), path: '/', route: '/' })
    const list = await screen.findByTestId('case-timeline')
    const rows = within(list)
      .getAllByRole('listitem')
      .filter((row) => row.classList.contains('case-timeline-entry'))
      .map((row) => row.querySelector('.case-timeline-body')?.textContent)
    expect(rows).toHaveLength(4)
    expect(rows[0]).toContain('Crops destroyed')
    expect(rows[1]).toContain('Evidence captured')
    expect(rows[1]).toContain('of a linked incident')
    expect(rows[2]).toContain('Evidence added · by Keo Ratha')
    expect(rows[3]).toContain('Evidence deleted · by legal')
    // A live file links to the gallery; a deleted one is named only.
    expect(within(list).getAllByRole('link', { name: 'Photo of the fence' })[0]?.getAttribute('href')).toBe(`#evidence-${EVIDENCE_ID}`)
    expect(within(list).queryByRole('link', { name: 'Wrong letter' })).toBeNull()
    expect(requests.some((request) => request.path.startsWith('/api/evidence'))).toBe(false)
  })

  it('names the custody entries in Khmer for a Khmer reader', async () => {
    fakeApi((request) => (request.path === `/api/cases/${CASE_ID}/timeline` ? { body: timeline } : undefined))
    await renderPage(<TimelineSection caseId={CASE_ID} />, { me: meOf('legal'), path: '/', route: '/', language: 'km' })
    const list = await screen.findByTestId('case-timeline')
    expect(list.textContent).toContain('បានបន្ថែមភស្តុតាង')
    expect(list.textContent).toContain('បានលុបភស្តុតាង')
  })
})
