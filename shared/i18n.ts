// Every UI string lives in a feature's messages.ts as an English object plus its Khmer twin
// (shared/ because the server writes bilingual documents too: see server/features/dossiers).
// `bilingual` makes the compiler refuse a Khmer object with a missing or extra key;
// test/client/i18n.test.ts checks the same at runtime and looks for untranslated English.

/** The same shape as T, every leaf a string. */
export type Messages<T> = { [K in keyof T]: T[K] extends string ? string : Messages<T[K]> }

export interface Bilingual<T> {
  en: T
  km: Messages<T>
}

export function bilingual<const T extends object>(en: T, km: Messages<T>): Bilingual<T> {
  return { en, km }
}
