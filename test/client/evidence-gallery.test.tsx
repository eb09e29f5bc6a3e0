// @vitest-environment happy-dom
// The evidence gallery: what each file is, its full SHA-256, who stored it (from the chain of
// custody) and the custody entries; thumbnails only where the server made one.
import { cleanup, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { EvidenceGallery } from '../../client/components/evidence/evidence-gallery.tsx'
import { actorText, changedFields } from '../../client/components/evidence/custody-list.tsx'
import { formatCodeOf, mediaKindOf } from '../../client/lib/media-kind.ts'
import { fakeApi, meOf, renderPage } from './admin-render.tsx'
import { CASE_ID, evidence, EVIDENCE_ID } from './cases-fixtures.ts'

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

const PHOTO_ID = '88888888-8888-4888-8888-888888888888'
const photo = evidence({
  id: PHOTO_ID,
  title: 'Site photo',
  mediaType: 'image/jpeg',
  originalFilename: 'site.jpg',
  hasThumbnail: true,
  pageCount: null,
  capturedAt: '2026-09-14T02:30:00.000Z',
  capturedBy: 'Community volunteer',
  location: { type: 'Point', coordinates: [106.95, 12.247] },
  sha256: 'e8b7bede5c442c92ef7f9a235624aea793b81837a369a0407d73f3e0fffb369f',
})

function api() {
  return fakeApi((request) => {
    if (request.path === '/api/evidence') return { body: { items: [evidence(), photo] } }
    if (request.path === `/api/evidence/${EVIDENCE_ID}/custody`) {
      return {
        body: {
          evidenceId: EVIDENCE_ID,
          sha256: evidence().sha256,
          entries: [
            {
              id: 1,
              at: '2026-11-20T02:00:00.000Z',
              actorId: null,
              actorLabel: 'legal:Demo Lawyer',
              action: 'create',
              sha256: evidence().sha256,
              details: null,
            },
            {
              id: 2,
              at: '2026-11-21T02:00:00.000Z',
              actorId: null,
              actorLabel: 'advocate:Sok Dara',
              action: 'download',
              sha256: evidence().sha256,
              details: { stripped: false },
            },
          ],
        },
      }
    }
    if (request.path.endsWith('/custody')) return { body: { evidenceId: PHOTO_ID, sha256: photo.sha256, entries: [] } }
    return undefined
  })
}

describe('EvidenceGallery', () => {
  it('lists each file with its type, size, full SHA-256 and who stored it', async () => {
    const { requests } = api()
    await renderPage(<EvidenceGallery target={{ caseId: CASE_ID }} />, { me: meOf('legal'), path: '/', route: '/' })
    const items = await screen.findAllByTestId('evidence-item')
    expect(items).toHaveLength(2)
    expect(requests.find((request) => request.path === '/api/evidence')?.query.get('case')).toBe(CASE_ID)
    const pdf = items[0]!
    expect(within(pdf).getByText('PDF document')).toBeTruthy()
    expect(within(pdf).getByText(evidence().sha256 as string)).toBeTruthy()
    expect(await within(pdf).findByText(/by Demo Lawyer \(Legal staff\)/)).toBeTruthy()
    expect(within(pdf).queryByRole('img')).toBeNull()
    expect(
      within(pdf)
        .getByRole('link', { name: /Download/ })
        .getAttribute('href'),
    ).toBe(`/api/evidence/${EVIDENCE_ID}/file`)
    const picture = items[1]!
    expect(picture.querySelector('img')?.getAttribute('src')).toBe(`/api/evidence/${PHOTO_ID}/thumbnail`)
    expect(within(picture).getByText('12.247, 106.95')).toBeTruthy()
  })

  it('shows the chain of custody with each actor and whether the hash is unchanged', async () => {
    api()
    await renderPage(<EvidenceGallery target={{ caseId: CASE_ID }} />, { me: meOf('legal'), path: '/', route: '/' })
    const [pdf] = await screen.findAllByTestId('evidence-item')
    await userEvent.setup().click(within(pdf!).getByText('Chain of custody'))
    expect(await within(pdf!).findByText('Downloaded')).toBeTruthy()
    expect(within(pdf!).getByText(/Sok Dara \(Advocate\)/)).toBeTruthy()
    expect(within(pdf!).getAllByText(/Same SHA-256 as when stored/)).toHaveLength(2)
  })

  it('offers the upload only when asked to, with a labelled file input', async () => {
    api()
    await renderPage(<EvidenceGallery target={{ caseId: CASE_ID }} canUpload />, { me: meOf('legal'), path: '/', route: '/' })
    const input = screen.getByLabelText(/Choose files to upload/) as HTMLInputElement
    expect(input.type).toBe('file')
    expect(input.multiple).toBe(true)
  })
})

describe('evidence helpers', () => {
  it('names kinds of files from the sniffed media type', () => {
    expect(mediaKindOf('image/heic')).toBe('photo')
    expect(mediaKindOf('application/vnd.google-earth.kmz')).toBe('map')
    expect(mediaKindOf('application/ogg')).toBe('audio')
    expect(formatCodeOf('application/pdf', 'letter.final.pdf')).toBe('PDF')
    expect(formatCodeOf('application/vnd.google-earth.kml+xml', null)).toBe('XML')
  })

  it('reads the audit log\'s "role:name" actors and the fields an update changed', () => {
    const t = (key: string) =>
      ({ 'vocab.userRole.legal': 'Legal staff', 'vocab.userRole.community_rep': 'Community representative' })[key] ?? key
    expect(actorText(t, 'legal:Demo Lawyer')).toBe('Demo Lawyer (Legal staff)')
    expect(actorText(t, 'demo data loader')).toBe('demo data loader')
    expect(actorText(t, 'community_rep')).toBe('Community representative')
    expect(changedFields({ before: { title: 'a', version: 1 }, after: { title: 'b', version: 2 } })).toEqual(['title'])
  })
})
