/** Isange One Stop Centre services (source 002): the Encounter type and class. */
import { HL7 } from '../identifiers'
import { table, to } from './types'

export const HEALTH_SERVICE_CODES = [
  'RECEPTION', 'MEDICAL_CARE', 'FORENSIC_EXAM', 'PSYCHOSOCIAL', 'POLICE_INVESTIGATION', 'SAFE_ROOM', 'FOLLOW_UP',
] as const
export type HealthServiceCode = (typeof HEALTH_SERVICE_CODES)[number]

const AMB = to('AMB', 'wider', 'ambulatory')

export const HEALTH_SERVICES = table<HealthServiceCode>({
  name: 'health-service',
  title: 'Isange One Stop Centre services',
  description: 'Services an Isange One Stop Centre or health facility gives a child (Encounter.type).',
  optionSet: 'CPCM_HEALTH_SERVICE',
  codes: HEALTH_SERVICE_CODES,
  maps: [{
    name: 'health-service-to-encounter-class',
    title: 'Isange service to FHIR Encounter class (v3-ActCode)',
    targetSystem: HL7.actCode,
    forward: {
      RECEPTION: AMB, MEDICAL_CARE: AMB, FORENSIC_EXAM: AMB, PSYCHOSOCIAL: AMB, POLICE_INVESTIGATION: AMB, FOLLOW_UP: AMB,
      SAFE_ROOM: to('NONAC', 'wider', 'inpatient non-acute: nights in the safe room'),
    },
  }],
})
