import { ConnectorError, parseRetryAfter, redactUrl } from './errors'
import { backoffDelay, withRetry } from './retry'

const failure = (retryable: boolean, retryAfterMs?: number, status = retryable ? 503 : 400) =>
  new ConnectorError({ system: 'fhir', kind: 'http', method: 'GET', url: 'http://x/fhir/Task', status, retryable, serverMessage: 'server says no', ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) })

describe('withRetry', () => {
  const policy = { attempts: 4, baseDelayMs: 100, maxDelayMs: 1000 }

  it('retries retryable failures with growing jittered delays, then succeeds', async () => {
    const delays: number[] = []
    let calls = 0
    const result = await withRetry(async () => {
      calls++
      if (calls < 3) throw failure(true)
      return 'ok'
    }, policy, { sleep: async (ms) => void delays.push(ms), random: () => 0.999 })
    expect(result).toBe('ok')
    expect(calls).toBe(3)
    expect(delays).toEqual([99, 199])
  })

  it('fails fast on a non-retryable failure with the server message', async () => {
    let calls = 0
    await expect(withRetry(async () => {
      calls++
      throw failure(false)
    }, policy, { sleep: async () => undefined })).rejects.toThrow('HTTP 400: server says no')
    expect(calls).toBe(1)
  })

  it('gives up after the last attempt and rethrows the last error', async () => {
    let calls = 0
    await expect(withRetry(async () => {
      calls++
      throw failure(true)
    }, policy, { sleep: async () => undefined })).rejects.toBeInstanceOf(ConnectorError)
    expect(calls).toBe(4)
  })

  it('waits at least what Retry-After asks', async () => {
    const delays: number[] = []
    let calls = 0
    await withRetry(async () => {
      if (++calls === 1) throw failure(true, 700)
      return 1
    }, policy, { sleep: async (ms) => void delays.push(ms), random: () => 0 })
    expect(delays).toEqual([700])
  })

  it('hands a long Retry-After back to the caller instead of blocking', async () => {
    let calls = 0
    await expect(withRetry(async () => {
      calls++
      throw failure(true, 600_000)
    }, { ...policy, maxRetryAfterMs: 60_000 }, { sleep: async () => undefined })).rejects.toBeInstanceOf(ConnectorError)
    expect(calls).toBe(1)
  })

  it('does not retry what is not a connector error (a bug)', async () => {
    let calls = 0
    await expect(withRetry(async () => {
      calls++
      throw new TypeError('bug')
    }, policy, { sleep: async () => undefined })).rejects.toThrow('bug')
    expect(calls).toBe(1)
  })
})

describe('backoffDelay', () => {
  it('caps the exponential growth', () => {
    expect(backoffDelay(10, { attempts: 10, baseDelayMs: 100, maxDelayMs: 1000 }, () => 0.999)).toBe(999)
  })
})

describe('server messages', () => {
  it('lose quoted values that may identify a child, keep UIDs, codes and field names', () => {
    const error = new ConnectorError({
      system: 'dhis2', kind: 'http', method: 'POST', url: 'http://d/api/tracker', status: 409, retryable: false, codes: ['E1125'],
      serverMessage: "Value `Uwase Aline` is not a valid option for attribute `w75KJ2mc4zz` (option set `CPCM_SEX`) in field 'firstName' \"Kigali 12\"",
    })
    expect(error.message).not.toContain('Uwase')
    expect(error.message).not.toContain('Kigali 12')
    expect(error.message).toContain('`[value]`')
    expect(error.message).toContain('w75KJ2mc4zz')
    expect(error.message).toContain('CPCM_SEX')
    expect(error.details.serverMessage).not.toContain('Aline')
  })
})

describe('parseRetryAfter and redactUrl', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('3')).toBe(3000)
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:28:05 GMT', Date.parse('Wed, 21 Oct 2026 07:28:00 GMT'))).toBe(5000)
    expect(parseRetryAfter('soon')).toBeUndefined()
  })
  it('hides passwords and tokens', () => {
    expect(redactUrl('https://admin:district@dhis2.rw/api/me?token=abc&x=1')).toBe('https://admin:***@dhis2.rw/api/me?token=***&x=1')
  })
})
