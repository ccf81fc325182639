import { createHash } from 'node:crypto'

const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'
const ALPHANUMERIC = LETTERS + '0123456789'

/** DHIS2's UID shape: 11 characters, a letter first, then letters or digits. */
export const UID_PATTERN = /^[a-zA-Z][a-zA-Z0-9]{10}$/

/**
 * A DHIS2 UID derived from the object's kind and code, so rebuilding the package
 * never changes an identifier and two installs of the same version agree.
 * The kind keeps a data element and an option set that share a code apart.
 */
export function uid(kind: string, code: string): string {
  const digest = createHash('sha256').update(`cpcm\u0000${kind}\u0000${code}`).digest()
  let out = LETTERS[digest[0]! % LETTERS.length]!
  for (let i = 1; i < 11; i++) out += ALPHANUMERIC[digest[i]! % ALPHANUMERIC.length]!
  return out
}
