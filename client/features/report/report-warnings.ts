// The reporter's sanity warnings (shared/sanity.ts): a place far from the chosen community, a photo
// whose camera says elsewhere or long before. Computed on the phone from what the form already
// holds (the community list kept for offline use, the photo's own EXIF), so they work offline;
// without the data they stay silent. Never a reason to refuse the report.
import { useEffect, useRef, useState } from 'react'
import type { Bbox } from '../../../shared/geo.ts'
import { distanceKm, distanceToBboxKm, photoAgeDaysOf, sanityWarningsOf, type SanityWarning } from '../../../shared/sanity.ts'
import type { DraftFile } from './outbox.ts'

export interface PlaceOfCommunity {
  location: [number, number]
  territoryBbox?: Bbox | null | undefined
}

/** far_from_community, when the report's place lies farther than the limit from the community's land (its box) or point. */
export function communityWarnings(
  place: readonly [number, number] | null,
  community: PlaceOfCommunity | undefined,
  maxDistanceKm: number,
): SanityWarning[] {
  if (!place || !community) return []
  const communityDistanceKm = community.territoryBbox
    ? distanceToBboxKm(place, community.territoryBbox)
    : distanceKm(place, community.location)
  return sanityWarningsOf({ communityDistanceKm }, maxDistanceKm)
}

/** What a photo's EXIF says about where and when it was taken. */
export interface PhotoExif {
  position: [number, number] | null
  takenAt: Date | null
}

/** photo_far and photo_old for one photo, against the report's place and date. */
export function photoWarnings(
  exif: PhotoExif,
  place: readonly [number, number] | null,
  occurredAt: Date | null,
  maxDistanceKm: number,
): SanityWarning[] {
  return sanityWarningsOf(
    {
      photoDistanceKm: exif.position && place ? distanceKm(place, exif.position) : null,
      photoAgeDays: exif.takenAt && occurredAt ? photoAgeDaysOf(exif.takenAt, occurredAt) : null,
    },
    maxDistanceKm,
  )
}

/** Reads GPS and capture time from an image's EXIF (exifr, loaded only when a photo is chosen); nothing for other files. */
export async function readPhotoExif(file: Blob): Promise<PhotoExif> {
  if (!file.type.startsWith('image/')) return { position: null, takenAt: null }
  try {
    const { default: exifr } = await import('exifr')
    const tags = (await exifr.parse(file, { gps: true, tiff: true, exif: true, xmp: false, icc: false, iptc: false, ifd1: false })) as
      { latitude?: number; longitude?: number; DateTimeOriginal?: Date } | undefined
    const { latitude, longitude } = tags ?? {}
    const hasPosition = typeof latitude === 'number' && typeof longitude === 'number' && !(latitude === 0 && longitude === 0)
    const takenAt = tags?.DateTimeOriginal instanceof Date && !Number.isNaN(tags.DateTimeOriginal.getTime()) ? tags.DateTimeOriginal : null
    return { position: hasPosition ? [longitude, latitude] : null, takenAt }
  } catch {
    // Damaged EXIF only costs the warning.
    return { position: null, takenAt: null }
  }
}

/** The EXIF of each chosen file, by file id, read once per file. */
export function usePhotoExif(files: readonly DraftFile[]): Record<string, PhotoExif> {
  const [exif, setExif] = useState<Record<string, PhotoExif>>({})
  const requested = useRef(new Set<string>())
  useEffect(() => {
    for (const file of files) {
      if (requested.current.has(file.id)) continue
      requested.current.add(file.id)
      void readPhotoExif(file.blob).then((read) => setExif((current) => ({ ...current, [file.id]: read })))
    }
  }, [files])
  return exif
}
