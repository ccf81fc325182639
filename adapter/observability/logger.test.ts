import { createMemoryLogger } from './logger'

describe('logger', () => {
  it('redacts identifying fields even when code passes them by mistake', () => {
    const { logger, lines } = createMemoryLogger()
    logger.info({ record: { firstName: 'CanaryAline', birthDate: '2014-05-01', childCode: 'GAS-AB1234' } }, 'mapped record')
    logger.warn({ patient: { name: [{ family: 'CanaryUwase' }] } }, 'oops')
    const text = lines.join('')
    expect(text).not.toMatch(/CanaryAline|CanaryUwase|2014-05-01/)
    expect(text).toContain('GAS-AB1234')
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 30, msg: 'mapped record', service: 'cpcm-adapter' })
  })
})
