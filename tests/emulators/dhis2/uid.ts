import { randomInt } from 'node:crypto'

/** DHIS2 UID: 11 characters, a letter first, then letters or digits (CodeGenerator.isValidUid). */
export const UID_PATTERN = /^[A-Za-z][A-Za-z0-9]{10}$/

export const isValidUid = (value: unknown): value is string => typeof value === 'string' && UID_PATTERN.test(value)

const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'
const ALPHANUMERIC = `${LETTERS}0123456789`

/** A fresh UID in DHIS2's format (random, like CodeGenerator.generateUid). */
export function generateUid(): string {
  let uid = LETTERS.charAt(randomInt(LETTERS.length))
  for (let i = 1; i < 11; i++) uid += ALPHANUMERIC.charAt(randomInt(ALPHANUMERIC.length))
  return uid
}
