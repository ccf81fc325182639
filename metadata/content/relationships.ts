/** Links a concern in the incident register to the case opened for it at intake. */
export const INCIDENT_TO_CASE = {
  code: 'CPCM_REL_INCIDENT_CASE',
  name: 'Incident to case',
  description: 'The reported concern (incident register event) that led to this child\'s case.',
  fromToName: 'Led to the case of',
  toFromName: 'Reported in incident',
} as const
