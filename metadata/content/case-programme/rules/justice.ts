/** Under 18 and a case type that implies a crime: reporting to RIB/police is mandatory (source 002). */
import type { RuleDef } from '../../../model/defs'
import { CRIME_CASE_TYPES } from '../../option-sets'
import { anyOf } from '../../expressions'

const childCrime = `d2:hasValue(A{dob}) && d2:yearsBetween(A{dob}, V{incident_date}) < 18 && (${anyOf('#{case_type}', CRIME_CASE_TYPES)})`

export const JUSTICE_RULES: RuleDef[] = [
  {
    code: 'CPCM_CASE_CRIME_REPORT',
    name: 'Suspected crime against a child: mandatory report',
    description: 'Warns and makes the report to RIB/police mandatory at intake.',
    condition: childCrime,
    actions: [
      { type: 'SHOWWARNING', dataElement: 'CPCM_INT_REPORTED_JUSTICE', content: 'Suspected crime against a child: reporting to RIB or police is mandatory.' },
      { type: 'SETMANDATORYFIELD', dataElement: 'CPCM_INT_REPORTED_JUSTICE' },
    ],
  },
  {
    code: 'CPCM_CASE_CRIME_NOT_REPORTED',
    name: 'Suspected crime not yet reported',
    description: 'Keeps the mandatory justice referral visible until the report is made.',
    condition: `${childCrime} && #{reported_justice} != true && d2:countIfValue(#{any_ref_service}, 'POLICE_INVESTIGATION') == 0`,
    actions: [
      { type: 'DISPLAYTEXT', location: 'indicators', content: 'Mandatory: refer the case to RIB or police (add a police investigation referral).' },
      { type: 'WARNINGONCOMPLETE', dataElement: 'CPCM_INT_REPORTED_JUSTICE', content: 'The case has not been reported to RIB or police.' },
    ],
  },
]
