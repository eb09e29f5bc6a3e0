// Invented people: random pairings of common family and given names, and phone numbers in a
// range no real subscriber has (+855 00 …), so nobody is ever called from a demo.
import type { Random } from './random.ts'
import { FAMILY_NAMES, GIVEN_NAMES_FEMALE, GIVEN_NAMES_MALE } from './words.ts'

export type Gender = 'female' | 'male'

export interface PersonName {
  name: string
  nameKm: string
  gender: Gender
}

export function randomPersonName(random: Random, gender: Gender = random.pick(['female', 'male'])): PersonName {
  const [family, familyKm] = random.pick(FAMILY_NAMES)
  const [given, givenKm] = random.pick(gender === 'female' ? GIVEN_NAMES_FEMALE : GIVEN_NAMES_MALE)
  // Khmer order: family name first, in both scripts.
  return { name: `${family} ${given}`, nameKm: `${familyKm} ${givenKm}`, gender }
}

/** The n-th fake number: +855 00 000 0NN. */
export function fakePhone(n: number): string {
  return `+855 00 000 ${String(n).padStart(3, '0')}`
}
