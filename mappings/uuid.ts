/**
 * Deterministic identifiers without I/O or randomness, usable in the browser and in Node:
 * RFC 4122 name-based UUIDs (version 5, SHA-1) and DHIS2-shaped UIDs derived from a name.
 * SHA-1 is written out here (node:crypto is absent in the browser and WebCrypto is async)
 * and only ever hashes identifiers, never secrets. It is tuned for short names: one shared
 * buffer, no allocation per hash except the output string.
 */

const W = new Int32Array(80)
const H = new Int32Array(5)
let buffer = new Uint8Array(256)
const encoder = typeof TextEncoder === 'undefined' ? undefined : new TextEncoder()
const HEX: string[] = []
for (let i = 0; i < 256; i++) HEX.push((i + 0x100).toString(16).slice(1))
const EMPTY = new Uint8Array(0)

/** Writes prefix + UTF-8(text) + SHA-1 padding into the shared buffer; returns the padded length. */
function pad(prefix: Uint8Array, text: string): number {
  const p = prefix.length
  let n = p + text.length
  if (buffer.length < n * 3 + 72) buffer = new Uint8Array(n * 3 + 72)
  buffer.set(prefix, 0)
  let ascii = true
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c > 127) { ascii = false; break }
    buffer[p + i] = c
  }
  if (!ascii) {
    if (!encoder) throw new Error('TextEncoder is needed to hash non-ASCII names')
    const body = encoder.encode(text)
    buffer.set(body, p)
    n = p + body.length
  }
  const total = ((n + 8) >>> 6) * 64 + 64
  buffer.fill(0, n, total)
  buffer[n] = 0x80
  const bits = n * 8 // names are far below 2^29 bytes: the high length word stays zero
  buffer[total - 4] = (bits >>> 24) & 0xff
  buffer[total - 3] = (bits >>> 16) & 0xff
  buffer[total - 2] = (bits >>> 8) & 0xff
  buffer[total - 1] = bits & 0xff
  return total
}

/** SHA-1 compression of the block in W[0..15] into H. */
function compress(): void {
  for (let t = 16; t < 80; t++) {
    const x = W[t - 3]! ^ W[t - 8]! ^ W[t - 14]! ^ W[t - 16]!
    W[t] = (x << 1) | (x >>> 31)
  }
  const h0 = H[0]!, h1 = H[1]!, h2 = H[2]!, h3 = H[3]!, h4 = H[4]!
  let a = h0, b = h1, c = h2, d = h3, e = h4, tmp = 0
  for (let t = 0; t < 20; t++) {
    tmp = (((a << 5) | (a >>> 27)) + ((b & c) | (~b & d)) + e + 0x5a827999 + W[t]!) | 0
    e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = tmp
  }
  for (let t = 20; t < 40; t++) {
    tmp = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + 0x6ed9eba1 + W[t]!) | 0
    e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = tmp
  }
  for (let t = 40; t < 60; t++) {
    tmp = (((a << 5) | (a >>> 27)) + ((b & c) | (b & d) | (c & d)) + e - 0x70e44324 + W[t]!) | 0
    e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = tmp
  }
  for (let t = 60; t < 80; t++) {
    tmp = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e - 0x359d3e2a + W[t]!) | 0
    e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = tmp
  }
  H[0] = (h0 + a) | 0; H[1] = (h1 + b) | 0; H[2] = (h2 + c) | 0; H[3] = (h3 + d) | 0; H[4] = (h4 + e) | 0
}

function init(): void {
  H[0] = 0x67452301; H[1] = 0xefcdab89 | 0; H[2] = 0x98badcfe | 0; H[3] = 0x10325476; H[4] = 0xc3d2e1f0 | 0
}

/** SHA-1 of `prefix` followed by the UTF-8 of `text`, left in H (five 32-bit words). */
function digest(text: string, prefix: Uint8Array): void {
  // Fast path: a 16-byte prefix (a UUID namespace) and a short ASCII name fit one block.
  if (prefix.length === 16 && text.length <= 39) {
    let ascii = true
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 127) { ascii = false; break }
    if (ascii) return digestOneBlock(prefix, text)
  }
  const length = pad(prefix, text)
  const m = buffer
  init()
  for (let off = 0; off < length; off += 64) {
    for (let t = 0, j = off; t < 16; t++, j += 4) W[t] = (m[j]! << 24) | (m[j + 1]! << 16) | (m[j + 2]! << 8) | m[j + 3]!
    compress()
  }
}

/** One block: 16 prefix bytes, up to 39 ASCII characters, padding, length; packed straight into W. */
function digestOneBlock(prefix: Uint8Array, text: string): void {
  for (let t = 0; t < 4; t++) W[t] = (prefix[t * 4]! << 24) | (prefix[t * 4 + 1]! << 16) | (prefix[t * 4 + 2]! << 8) | prefix[t * 4 + 3]!
  for (let t = 4; t < 16; t++) W[t] = 0
  const n = text.length
  for (let i = 0; i < n; i++) { const k = 4 + (i >> 2); W[k] = W[k]! | (text.charCodeAt(i) << (24 - (i & 3) * 8)) }
  const end = 4 + (n >> 2)
  W[end] = W[end]! | (0x80 << (24 - (n & 3) * 8))
  W[15] = (16 + n) * 8
  init()
  compress()
}

const byteAt = (i: number) => (H[i >>> 2]! >>> (24 - (i & 3) * 8)) & 0xff

/** SHA-1 digest (20 bytes) of `prefix` followed by the UTF-8 of `text`. */
export function sha1(text: string, prefix: Uint8Array = EMPTY): Uint8Array {
  digest(text, prefix)
  const out = new Uint8Array(20)
  for (let i = 0; i < 20; i++) out[i] = byteAt(i)
  return out
}

/** The 16 bytes of a UUID written in its usual hex form. */
export function uuidBytes(uuid: string): Uint8Array {
  const hex = uuid.replace(/-/g, '')
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new Error(`not a UUID: ${uuid}`)
  const out = new Uint8Array(16)
  for (let i = 0; i < 16; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16)
  return out
}

/** RFC 4122 version 5 UUID of `name` in `namespace` (namespace bytes as returned by uuidBytes). */
export function uuidV5(namespace: Uint8Array, name: string): string {
  digest(name, namespace)
  const h0 = H[0]!, h1 = H[1]!, h2 = H[2]!, h3 = H[3]!
  const b6 = ((h1 >>> 8) & 0x0f) | 0x50 // version 5
  const b8 = ((h2 >>> 24) & 0x3f) | 0x80 // RFC 4122 variant
  return (
    HEX[(h0 >>> 24) & 0xff]! + HEX[(h0 >>> 16) & 0xff]! + HEX[(h0 >>> 8) & 0xff]! + HEX[h0 & 0xff]! + '-' +
    HEX[(h1 >>> 24) & 0xff]! + HEX[(h1 >>> 16) & 0xff]! + '-' + HEX[b6]! + HEX[h1 & 0xff]! + '-' +
    HEX[b8]! + HEX[(h2 >>> 16) & 0xff]! + '-' + HEX[(h2 >>> 8) & 0xff]! + HEX[h2 & 0xff]! +
    HEX[(h3 >>> 24) & 0xff]! + HEX[(h3 >>> 16) & 0xff]! + HEX[(h3 >>> 8) & 0xff]! + HEX[h3 & 0xff]!
  )
}

/** RFC 4122's URL namespace. */
export const URL_NAMESPACE = uuidBytes('6ba7b811-9dad-11d1-80b4-00c04fd430c8')

const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'
const ALPHANUMERIC = LETTERS + '0123456789'

/**
 * A DHIS2-shaped UID (letter, then ten letters or digits) derived from a name: used when a
 * record arrives from Primero or FHIR without a DHIS2 UID, so replays derive the same UID.
 */
export function derivedUid(kind: string, name: string): string {
  digest(`cpcm-mapping\u0000${kind}\u0000${name}`, EMPTY)
  let out = LETTERS[byteAt(0) % LETTERS.length]!
  for (let i = 1; i < 11; i++) out += ALPHANUMERIC[byteAt(i) % ALPHANUMERIC.length]!
  return out
}
