import { createHash } from 'node:crypto'
import { derivedUid, sha1, URL_NAMESPACE, uuidBytes, uuidV5 } from './uuid'

const nodeV5 = (ns: Uint8Array, name: string) => {
  const d = createHash('sha1').update(Buffer.concat([Buffer.from(ns), Buffer.from(name, 'utf8')])).digest()
  d[6] = (d[6]! & 0x0f) | 0x50
  d[8] = (d[8]! & 0x3f) | 0x80
  const h = d.subarray(0, 16).toString('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

describe('uuid', () => {
  it('SHA-1 agrees with node:crypto for every length across block boundaries, ASCII and not', () => {
    for (let n = 0; n < 200; n++) {
      for (const text of ['a'.repeat(n), 'Ab9.-|'.repeat(n).slice(0, n), `${'é'.repeat(n % 7)}${'x'.repeat(n)}`]) {
        expect(Buffer.from(sha1(text)).toString('hex')).toBe(createHash('sha1').update(text, 'utf8').digest('hex'))
      }
    }
  })

  it('UUID v5 agrees with a reference computation, on the one-block fast path and the general one', () => {
    const ns = uuidBytes(uuidV5(URL_NAMESPACE, 'https://ncda.gov.rw/fhir/cpcm/'))
    for (let n = 0; n < 80; n++) {
      const name = 'Ev0000000071234567890abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'.slice(0, n)
      expect(uuidV5(ns, name)).toBe(nodeV5(ns, name))
      expect(uuidV5(ns, `${name}ü`)).toBe(nodeV5(ns, `${name}ü`))
    }
    // RFC 4122 appendix / common test vector: v5 of "www.example.com" in the DNS namespace.
    expect(uuidV5(uuidBytes('6ba7b810-9dad-11d1-80b4-00c04fd430c8'), 'www.example.com')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2')
  })

  it('derived UIDs are DHIS2-shaped and stable', () => {
    expect(derivedUid('enrollment', 'b3222e84')).toMatch(/^[A-Za-z][A-Za-z0-9]{10}$/)
    expect(derivedUid('enrollment', 'b3222e84')).toBe(derivedUid('enrollment', 'b3222e84'))
    expect(derivedUid('enrollment', 'b3222e84')).not.toBe(derivedUid('event', 'b3222e84'))
  })
})
