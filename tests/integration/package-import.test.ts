/**
 * The compiled package imports into DHIS2 (as emulated from its published contract) for
 * each supported version, and cases built on it pass tracker import validation.
 */
import { createDhis2Emulator, SUPPORTED_VERSIONS } from '../emulators/dhis2'
import { cpcmPackage } from '../fixtures/package-lookup'
import { installCpcmPackage, seedCases } from '../fixtures/seed-dhis2'

describe.each(SUPPORTED_VERSIONS)('DHIS2 %s', (version) => {
  it('accepts the package in VALIDATE mode without storing anything, then imports it', () => {
    const emulator = createDhis2Emulator({ version })
    const validate = emulator.importMetadata(JSON.parse(JSON.stringify(cpcmPackage())), { importMode: 'VALIDATE' })
    expect(validate.httpStatus).toBe(200)
    expect(emulator.metadata.list('programs')).toEqual([])
    installCpcmPackage(emulator)
    expect(emulator.metadata.list('programRules')).toHaveLength(cpcmPackage().programRules.length)
  })

  it('stores seeded cases that pass tracker validation', () => {
    const emulator = createDhis2Emulator({ version })
    installCpcmPackage(emulator)
    seedCases(emulator, 50)
    expect(emulator.tracker.trackedEntities.size).toBe(50)
    expect(emulator.tracker.events.size).toBe(500)
  })
})
