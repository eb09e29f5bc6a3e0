// Reports from outside, filed the way the public link, the bot and the SMS gateway file them
// (fileIntakeReport), optionally with a real photo from test/fixtures.
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { Readable } from 'node:stream'
import type { Db } from '../../db/open.ts'
import { INTAKE_MAX_PHOTO_BYTES, INTAKE_PHOTO_TYPES } from '../../shared/intake.ts'
import { stageIntakePhoto } from '../../server/features/evidence/evidence.service.ts'
import { fileIntakeReport, intakeDb } from '../../server/features/intake/intake.service.ts'
import type { NewIntakeReport } from '../../server/features/intake/intake.queries.ts'
import type { BlobStore } from '../../server/lib/blob-store.ts'

export const INTAKE_PHOTO = path.resolve(import.meta.dirname, '../fixtures/photos/exifr_noexif.jpg')

export const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')

/** Files a report (status new unless overridden) from the web by default; `photos`: copies of INTAKE_PHOTO. */
export async function makeIntakeReport(
  db: Db,
  store: BlobStore,
  overrides: Partial<Omit<NewIntakeReport, 'receiptCode'>> = {},
  { photos = 0 }: { photos?: number } = {},
) {
  const bytes = await readFile(INTAKE_PHOTO)
  const staged = []
  for (let index = 0; index < photos; index++) {
    staged.push(
      await stageIntakePhoto(
        store,
        Readable.from(bytes),
        { filename: `photo-${index}.jpg`, declaredType: 'image/jpeg' },
        INTAKE_MAX_PHOTO_BYTES,
        INTAKE_PHOTO_TYPES,
      ),
    )
  }
  const source = overrides.source ?? 'web'
  return fileIntakeReport(
    intakeDb(db, source, 'test-request'),
    store,
    {
      source,
      status: 'new',
      kind: 'encroachment',
      description: 'A bulldozer is clearing the rice fields behind the pagoda.',
      occurredAt: new Date('2026-06-01T03:00:00Z'),
      occurredPrecision: 'day',
      location: { type: 'Point', coordinates: [104.3, 11.45] },
      language: 'en',
      ...overrides,
    },
    staged,
  )
}
