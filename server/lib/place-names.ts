// Place and forum names in Khmer (dossiers, letters). Records keep provinces, districts and communes as
// typed (in English, from the boundary files) and the forum as free text; the admin_areas table
// knows the Khmer name of every province (and of any district or commune that has one). A
// forum is named in Khmer only when it follows one of the usual shapes below; anything else is
// shown as written rather than guessed at.

/** Khmer names by admin level (1 province, 2 district, 3 commune) and placeKey of the English name. */
export type PlaceNamesKm = Record<1 | 2 | 3, Record<string, string>>

export const emptyPlaceNamesKm = (): PlaceNamesKm => ({ 1: {}, 2: {}, 3: {} })

/** "Ratanak Kiri", "Ratanakiri" and "RATANAKIRI" are one place. */
export const placeKey = (name: string) => name.toLowerCase().replace(/[^a-z]/g, '')

/** The Khmer name of a place, or the name as written when none is known. */
export function placeInKhmer(names: PlaceNamesKm, level: 1 | 2 | 3, name: string): string {
  return names[level][placeKey(name)] ?? name
}

const NATIONAL_FORUMS_KM: Record<string, string> = {
  [placeKey('National Authority for Land Dispute Resolution')]: 'អាជ្ញាធរជាតិដោះស្រាយទំនាស់ដីធ្លី',
  [placeKey('National Cadastral Commission')]: 'គណៈកម្មការសុរិយោដីថ្នាក់ជាតិ',
  [placeKey('Supreme Court')]: 'តុលាការកំពូល',
  [placeKey('Court of Appeal')]: 'សាលាឧទ្ធរណ៍',
  [placeKey('Appeal Court')]: 'សាលាឧទ្ធរណ៍',
}

/** A forum of a province: its Khmer name is the institution followed by the province's full name. */
const PROVINCIAL_FORUMS: [RegExp, string][] = [
  [/^(.+?) (?:provincial|municipal) court$/i, 'សាលាដំបូង'],
  [/^(?:provincial|municipal) court of (.+)$/i, 'សាលាដំបូង'],
  [/^(.+?) (?:provincial|municipal) cadastral commission$/i, 'គណៈកម្មការសុរិយោដី'],
  [/^(?:provincial|municipal) cadastral commission of (.+)$/i, 'គណៈកម្មការសុរិយោដី'],
  [/^(.+?) (?:provincial|municipal) hall$/i, 'សាលា'],
]

export function forumInKhmer(names: PlaceNamesKm, forum: string): string {
  const national = NATIONAL_FORUMS_KM[placeKey(forum)]
  if (national) return national
  for (const [pattern, institution] of PROVINCIAL_FORUMS) {
    const province = pattern.exec(forum.trim())?.[1]
    const provinceKm = province ? names[1][placeKey(province)] : undefined
    if (provinceKm) return `${institution}${provinceKm}`
  }
  return forum
}
