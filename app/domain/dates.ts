/**
 * Calendar dates as `YYYY-MM-DD` strings, the way DHIS2 stores DATE values.
 * Arithmetic is done in UTC on the date alone, so no time zone can shift a day.
 */
export type IsoDate = string

const DAY_MS = 86_400_000

/** The local calendar date of a JavaScript Date (the user's "today"). */
export const localIsoDate = (date: Date = new Date()): IsoDate => {
    const pad = (n: number) => String(n).padStart(2, '0')
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
}

/** The date part of a DHIS2 timestamp (`2026-03-01T10:00:00.000` -> `2026-03-01`); undefined stays undefined. */
export const dateOf = (timestamp: string | undefined | null): IsoDate | undefined =>
    timestamp ? timestamp.slice(0, 10) : undefined

const epochDay = (date: IsoDate): number => {
    const [y, m, d] = date.split('-').map(Number)
    return Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1) / DAY_MS
}

export const addDays = (date: IsoDate, days: number): IsoDate =>
    new Date((epochDay(date) + days) * DAY_MS).toISOString().slice(0, 10)

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: IsoDate, to: IsoDate): number => epochDay(to) - epochDay(from)

export const isIsoDate = (value: string): boolean =>
    /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(epochDay(value))
