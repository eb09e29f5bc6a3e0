// A sender on the public report link, as a phone would be: fetch a challenge, solve it with
// altcha-lib's own solver, send the report as multipart with photos.
import { solveChallenge, type Challenge } from 'altcha-lib'
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2'
import type { FastifyInstance } from 'fastify'
import { readdir } from 'node:fs/promises'
import path from 'node:path'
import { ANONYMOUS } from './access.ts'
import { multipart, type FilePart } from './multipart.ts'

export const GPS_PHOTO = path.resolve(import.meta.dirname, '../fixtures/photos/exif-samples_gps_DSCN0010.jpg')

/** A fresh challenge for the link, solved: the `altcha` value of a report. */
export async function solvedProof(app: FastifyInstance, slug: string, remoteAddress = '10.9.9.9') {
  const res = await app.inject({ url: `/api/public/intake/${slug}/challenge`, headers: ANONYMOUS, remoteAddress })
  if (res.statusCode !== 200) throw new Error(`challenge: ${res.statusCode} ${res.body}`)
  const challenge = res.json() as Challenge
  const solution = await solveChallenge({ challenge, deriveKey })
  if (!solution) throw new Error('could not solve the challenge')
  return { altcha: Buffer.from(JSON.stringify({ challenge, solution })).toString('base64'), challenge, solution }
}

/** A valid report body (the `report` field), with a new device id; `overrides` replace fields. */
export function reportFields(altcha: string, overrides: Record<string, unknown> = {}) {
  return {
    kind: 'land_grabbing',
    description: 'Bulldozers cleared the community forest by the stream this morning.',
    occurredAt: '2026-06-01T03:00:00Z',
    occurredPrecision: 'day',
    location: { type: 'Point', coordinates: [104.9, 11.55] },
    senderName: 'Sok Dara',
    phone: '012 345 678',
    mayContact: true,
    language: 'km',
    clientReportId: crypto.randomUUID(),
    altcha,
    ...overrides,
  }
}

/** POSTs a report as multipart: the `report` field (JSON), then the photos. */
export function sendReport(
  app: FastifyInstance,
  slug: string,
  report: Record<string, unknown> | string,
  photos: FilePart[] = [],
  remoteAddress = '10.9.9.9',
) {
  const body = multipart(
    { report: typeof report === 'string' ? report : JSON.stringify(report) },
    photos.map((photo) => ({ name: 'photo', ...photo })),
  )
  return app.inject({
    method: 'POST',
    url: `/api/public/intake/${slug}/reports`,
    payload: body.payload,
    headers: { ...ANONYMOUS, ...body.headers },
    remoteAddress,
  })
}

/** Every file under the evidence folder (blobs, thumbnails, staged parts), but not resumable uploads. */
export async function filesIn(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => [])
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .filter((file) => !file.startsWith('uploads'))
    .sort()
}
