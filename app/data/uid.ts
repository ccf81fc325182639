/**
 * DHIS2 UIDs made in the browser (as Capture does): 11 characters, a letter first.
 * The tracker API accepts client-made UIDs, which lets one import link a child, a case and its events.
 */
const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'
const ALPHANUMERIC = `0123456789${LETTERS}`

export function generateUid(random: (n: number) => number = secureRandom): string {
    let uid = LETTERS[random(LETTERS.length)] ?? 'a'
    for (let i = 1; i < 11; i++) uid += ALPHANUMERIC[random(ALPHANUMERIC.length)] ?? '0'
    return uid
}

function secureRandom(n: number): number {
    const buffer = new Uint32Array(1)
    globalThis.crypto.getRandomValues(buffer)
    return (buffer[0] ?? 0) % n
}

export const isUid = (value: string): boolean => /^[a-zA-Z][a-zA-Z0-9]{10}$/.test(value)
