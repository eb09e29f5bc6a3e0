// Every demo date is relative to one UTC day, so the data set only changes when the day does.

const DAY_MS = 24 * 60 * 60 * 1000

export interface DemoClock {
  /** `now` truncated to 00:00 UTC. */
  today: Date
  year: number
  /** A timestamp `days` before today at `hourUtc` (Cambodia is UTC+7: 02:00 UTC is 09:00 there). */
  daysAgo(days: number, hourUtc?: number): Date
  daysAhead(days: number, hourUtc?: number): Date
}

export function createClock(now: Date): DemoClock {
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()))
  const shifted = (days: number, hourUtc: number) => new Date(today.getTime() + days * DAY_MS + hourUtc * 60 * 60 * 1000)
  return {
    today,
    year: today.getUTCFullYear(),
    daysAgo: (days, hourUtc = 0) => shifted(-days, hourUtc),
    daysAhead: (days, hourUtc = 0) => shifted(days, hourUtc),
  }
}

/** A `date` column value: YYYY-MM-DD of the UTC day. */
export function isoDate(value: Date): string {
  return value.toISOString().slice(0, 10)
}

/** A date in `year` (month and day drawn by the caller), never after `today`. */
export function dateInYear(year: number, month: number, day: number, today: Date): string {
  const candidate = new Date(Date.UTC(year, month - 1, day))
  return isoDate(candidate > today ? today : candidate)
}
