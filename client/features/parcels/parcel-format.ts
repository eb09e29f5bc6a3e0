// Small pure helpers shared by the parcel (and concession) screens.

/** A community's name in the reader's language: its Khmer name in Khmer when it has one. */
export const communityName = (community: { name: string; nameKm?: string | null }, language: string) =>
  language === 'km' && community.nameKm ? community.nameKm : community.name

/** A percentage for an overlap, e.g. 12.5 → "12.5%" in the reader's digits. */
export const percentText = (value: number, format: (value: number, digits?: number) => string) => `${format(value, value < 10 ? 1 : 0)}%`
