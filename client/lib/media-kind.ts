// What a file is, for people: a photo, a PDF, a video… from the media type the server sniffed.

export type MediaKind = 'photo' | 'video' | 'audio' | 'pdf' | 'document' | 'spreadsheet' | 'map' | 'archive' | 'text' | 'other'

const BY_TYPE: Record<string, MediaKind> = {
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'document',
  'application/vnd.oasis.opendocument.text': 'document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'spreadsheet',
  'application/vnd.oasis.opendocument.spreadsheet': 'spreadsheet',
  'application/vnd.google-earth.kml+xml': 'map',
  'application/vnd.google-earth.kmz': 'map',
  'application/geo+json': 'map',
  'application/zip': 'archive',
  'application/ogg': 'audio',
  'text/plain': 'text',
}

export function mediaKindOf(mediaType: string): MediaKind {
  const known = BY_TYPE[mediaType]
  if (known) return known
  if (mediaType.startsWith('image/')) return 'photo'
  if (mediaType.startsWith('video/')) return 'video'
  if (mediaType.startsWith('audio/')) return 'audio'
  return 'other'
}

/** A short format code for a file without a thumbnail ("PDF", "MP4"): the same in every language. */
export function formatCodeOf(mediaType: string, filename: string | null): string {
  const extension = filename?.match(/\.([a-z0-9]{2,5})$/i)?.[1]
  if (extension) return extension.toUpperCase()
  const subtype = mediaType.split('/')[1] ?? ''
  return (subtype.split(/[.+-]/).pop() ?? '').slice(0, 4).toUpperCase() || '?'
}
