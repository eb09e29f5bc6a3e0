// A seeded random source for the demo data. Everything random in the generator goes through
// here, so the same seed always yields the same rows (UUIDs included).
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64'
import { uniformInt } from 'pure-rand/distribution/uniformInt'
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus'

export interface Random {
  /** Integer in [min, max], both included. */
  int(min: number, max: number): number
  /** Float in [min, max). */
  float(min: number, max: number): number
  chance(probability: number): boolean
  pick<T>(items: readonly T[]): T
  /** One item, chosen with probability proportional to its weight. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T
  /** `count` distinct items in random order (all of them when count ≥ length). */
  sample<T>(items: readonly T[], count: number): T[]
  shuffle<T>(items: readonly T[]): T[]
  /** A UUID-v4-shaped id drawn from the seed, so ids are reproducible too. */
  uuid(): string
}

export function createRandom(seed: number): Random {
  // v8 distributions advance the generator in place.
  const rng = xoroshiro128plus(seed)

  const int = (min: number, max: number) => uniformInt(rng, min, max)
  const float = (min: number, max: number) => min + uniformFloat64(rng) * (max - min)

  function shuffle<T>(items: readonly T[]): T[] {
    const copy = [...items]
    for (let i = copy.length - 1; i > 0; i--) {
      const j = int(0, i)
      ;[copy[i], copy[j]] = [copy[j] as T, copy[i] as T]
    }
    return copy
  }

  return {
    int,
    float,
    chance: (probability) => uniformFloat64(rng) < probability,
    pick: (items) => {
      if (items.length === 0) throw new Error('pick() from an empty list')
      return items[int(0, items.length - 1)] as (typeof items)[number]
    },
    weighted: (choices) => {
      const total = choices.reduce((sum, [, weight]) => sum + weight, 0)
      let roll = float(0, total)
      for (const [value, weight] of choices) {
        roll -= weight
        if (roll < 0) return value
      }
      const last = choices[choices.length - 1]
      if (!last) throw new Error('weighted() from an empty list')
      return last[0]
    },
    sample: (items, count) => shuffle(items).slice(0, count),
    shuffle,
    uuid: () => {
      const bytes = Array.from({ length: 16 }, () => int(0, 255))
      bytes[6] = ((bytes[6] as number) & 0x0f) | 0x40 // version 4
      bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80 // RFC 4122 variant
      const hex = bytes.map((b) => b.toString(16).padStart(2, '0')).join('')
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
    },
  }
}

/**
 * One independent random stream per section of the demo data, so adding rows to one section
 * does not reshuffle every section generated after it.
 */
export function randomFor(section: string, baseSeed: number): Random {
  let hash = baseSeed | 0
  for (const char of section) hash = Math.imul(hash ^ char.charCodeAt(0), 0x9e3779b1) | 0
  return createRandom(hash)
}

/**
 * `count` values in random order where every value appears at least once (when count allows)
 * and the rest follow the weights: demo data must show every status, not just the likely ones.
 */
export function dealCovering<T>(random: Random, choices: readonly (readonly [T, number])[], count: number): T[] {
  const guaranteed = choices.map(([value]) => value).slice(0, count)
  const rest = Array.from({ length: count - guaranteed.length }, () => random.weighted(choices))
  return random.shuffle([...guaranteed, ...rest])
}
