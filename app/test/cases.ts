/** Puts a freshly opened case (child, enrolment, completed intake) in the emulated DHIS2. */
import { ids } from '../../tests/fixtures/package-lookup'
import { localIsoDate } from '../domain'
import type { EmulatedDhis2 } from './emulatedDhis2'
import { KACYIRU } from './serverMetadata'

let n = 0
const uid = (prefix: string) => `${prefix}${String(n).padStart(10 - prefix.length + 1, '0')}`.slice(0, 11)

export interface NewCase {
    trackedEntity: string
    enrollment: string
    childCode: string
}

export function seedNewCase(
    server: EmulatedDhis2,
    options: { tier?: 'TIER1' | 'TIER2'; recordedAt?: string; orgUnit?: string; trackedEntity?: string; status?: string; childCode?: string } = {},
): NewCase {
    n += 1
    const today = localIsoDate()
    const recordedAt = options.recordedAt ?? today
    const orgUnit = options.orgUnit ?? KACYIRU.id
    const trackedEntity = options.trackedEntity ?? uid('tE')
    const enrollment = uid('eN')
    const childCode = options.childCode ?? `GAS-KAC-TT${String(n).padStart(4, '0')}`
    const attribute = (code: string, value: string) => ({ attribute: ids.attribute(code), value })
    const value = (code: string, v: string) => ({ dataElement: ids.dataElement(code), value: v })
    const tier = options.tier ?? 'TIER1'
    const enrollmentJson = {
        enrollment,
        program: ids.program('CPCM_CASE'),
        orgUnit,
        status: options.status ?? 'ACTIVE',
        enrolledAt: recordedAt,
        occurredAt: recordedAt,
        events: [
            {
                event: uid('iN'),
                program: ids.program('CPCM_CASE'),
                programStage: ids.stage('CPCM_INTAKE'),
                enrollment,
                orgUnit,
                occurredAt: recordedAt,
                status: 'COMPLETED',
                dataValues: [
                    value('CPCM_INT_CASE_TYPE', 'SEXUAL_VIOLENCE'),
                    value('CPCM_INT_RISK_TIER', tier),
                    value('CPCM_INT_CONSENT_SERVICES', 'true'),
                    value('CPCM_INT_CONSENT_SHARING', 'true'),
                    value('CPCM_INT_AGENCY_TYPE', 'CPWO'),
                    value('CPCM_INT_CASEWORKER', 'cpwo.gasabo'),
                ],
            },
        ],
    }
    const payload = options.trackedEntity
        ? { enrollments: [{ ...enrollmentJson, trackedEntity }] }
        : {
              trackedEntities: [
                  {
                      trackedEntity,
                      trackedEntityType: ids.trackedEntityType(),
                      orgUnit,
                      attributes: [
                          attribute('CPCM_CHILD_CODE', childCode),
                          attribute('CPCM_FIRST_NAME', 'CanaryGrace'),
                          attribute('CPCM_LAST_NAME', 'CanaryUwase'),
                          attribute('CPCM_SEX', 'FEMALE'),
                          attribute('CPCM_DATE_OF_BIRTH', '2014-05-01'),
                          attribute('CPCM_CAREGIVER_PHONE', '+250788000111'),
                      ],
                      enrollments: [{ ...enrollmentJson, trackedEntity }],
                  },
              ],
          }
    const report = server.emulator.importTracker(payload) as { status?: string }
    if (report.status !== 'OK') throw new Error(`seeding a case failed: ${JSON.stringify(report).slice(0, 1500)}`)
    return { trackedEntity, enrollment, childCode }
}
