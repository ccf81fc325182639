/**
 * Zod building blocks for settings. Environment variables are strings, a JSON file may hold
 * numbers and booleans: each block accepts both. Messages complete a sentence that starts
 * with the setting's name ("DHIS2_PAGE_SIZE must be a whole number from 1 to 10000").
 * Messages never contain the value: it may be a secret typed into the wrong variable.
 */
import { z } from 'zod'
import { Secret } from './secret'

const missingOr = (message: string) => (issue: { input: unknown }) =>
  issue.input === undefined ? 'is required' : message

export function int(min: number, max: number) {
  const message = `must be a whole number from ${min} to ${max}`
  return z.preprocess(
    (v) => (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : v),
    z.number({ error: missingOr(message) }).int({ error: message }).min(min, { error: message }).max(max, { error: message }),
  )
}

const TRUE = ['true', '1', 'yes', 'on']
const FALSE = ['false', '0', 'no', 'off']

export function bool() {
  return z.preprocess((v) => {
    if (typeof v !== 'string') return v
    const s = v.trim().toLowerCase()
    return TRUE.includes(s) ? true : FALSE.includes(s) ? false : v
  }, z.boolean({ error: missingOr('must be true or false') }))
}

export function text() {
  return z
    .string({ error: missingOr('must be text') })
    .trim()
    .min(1, { error: 'must not be empty' })
}

/** A comma-separated list in the environment, an array of strings in the file. */
export function list() {
  return z.preprocess(
    (v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v),
    z.array(z.string({ error: 'must be a list of text' }).trim().min(1), { error: missingOr('must be a comma-separated list') }),
  )
}

export function secret() {
  return z
    .string({ error: missingOr('must be text') })
    .min(1, { error: 'must not be empty' })
    .transform((s) => new Secret(s))
}

/**
 * An http(s) base URL, normalised without a trailing slash. Credentials in the URL are
 * refused (they would be printed with it); use the username/password/token settings.
 */
export function httpUrl() {
  return z.string({ error: missingOr('must be text') }).transform((value, ctx) => {
    let url: URL
    try {
      url = new URL(value.trim())
    } catch {
      ctx.addIssue({ code: 'custom', message: 'is not an http(s) URL' })
      return z.NEVER
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      ctx.addIssue({ code: 'custom', message: 'is not an http(s) URL' })
      return z.NEVER
    }
    if (url.username || url.password) {
      ctx.addIssue({ code: 'custom', message: 'must not contain a user name or password (use the separate settings)' })
      return z.NEVER
    }
    url.hash = ''
    return url.toString().replace(/\/+$/, '')
  })
}

export function postgresUrl() {
  return z.string({ error: missingOr('must be text') }).transform((value, ctx) => {
    let ok = false
    try {
      const url = new URL(value.trim())
      // A host, or a Unix socket folder in ?host= (postgres:///cpcm?host=/var/run/postgresql)
      ok = (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && (url.hostname !== '' || url.searchParams.has('host'))
    } catch {
      ok = false
    }
    if (!ok) {
      ctx.addIssue({ code: 'custom', message: 'is not a postgres:// URL' })
      return z.NEVER
    }
    return new Secret(value.trim())
  })
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

/** Plain http to another machine sends children's data and tokens in clear. */
export function isInsecure(url: string): boolean {
  const parsed = new URL(url)
  return parsed.protocol === 'http:' && !LOCAL_HOSTS.has(parsed.hostname)
}
