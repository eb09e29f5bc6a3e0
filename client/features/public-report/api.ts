// The public report page's three calls, none of which needs (or sends) a session: the link's
// title, a proof-of-work challenge, and the report itself with its photos in one multipart POST.
import { useQuery } from '@tanstack/react-query'
import { IntakeChallenge, IntakeReceipt, PublicIntakeLink } from '../../../shared/intake.ts'
import { api, NetworkError } from '../../lib/api-client.ts'
import type { PublicReportInput } from './public-outbox.ts'

const base = (slug: string) => `/api/public/intake/${encodeURIComponent(slug)}`

/**
 * The link as last seen online, kept on the phone: API answers are never in the service worker's
 * cache, and a page opened offline after one visit must still show its title and take a report.
 */
const LINK_KEY = (slug: string) => `dey.public-link.${slug}`

export function savedLink(slug: string): PublicIntakeLink | undefined {
  try {
    const parsed = PublicIntakeLink.safeParse(JSON.parse(localStorage.getItem(LINK_KEY(slug)) ?? 'null'))
    return parsed.success ? parsed.data : undefined
  } catch {
    return undefined
  }
}

function saveLink(link: PublicIntakeLink) {
  try {
    localStorage.setItem(LINK_KEY(link.slug), JSON.stringify(link))
  } catch {
    // Private browsing without storage: the page still works online.
  }
}

function forgetLink(slug: string) {
  try {
    localStorage.removeItem(LINK_KEY(slug))
  } catch {
    // Nothing was kept.
  }
}

async function fetchLink(slug: string): Promise<PublicIntakeLink> {
  try {
    const link = await api(base(slug), PublicIntakeLink)
    saveLink(link)
    return link
  } catch (error) {
    if (error instanceof NetworkError) {
      const saved = savedLink(slug)
      if (saved) return saved
    } else forgetLink(slug)
    throw error
  }
}

export function usePublicLink(slug: string) {
  return useQuery({
    queryKey: ['public-intake', slug],
    queryFn: () => fetchLink(slug),
    staleTime: Infinity,
    retry: false,
    // Asked for even offline (React Query would wait for a connection): the phone's copy answers.
    networkMode: 'always',
  })
}

export const fetchChallenge = (slug: string, signal?: AbortSignal) => api(`${base(slug)}/challenge`, IntakeChallenge, { signal })

export interface PhotoToSend {
  name: string
  blob: Blob
}

/** The report first (the server reads it before the photos), then each photo. */
export function postPublicReport(slug: string, body: PublicReportInput, photos: readonly PhotoToSend[], signal?: AbortSignal) {
  const form = new FormData()
  form.append('report', JSON.stringify(body))
  for (const photo of photos) form.append('photo', photo.blob, photo.name)
  return api(`${base(slug)}/reports`, IntakeReceipt, { method: 'POST', body: form, signal })
}
