/** Primero's identifiers of a case, for the store's links and for FHIR Identifier lists. */
import type * as fhir4 from 'fhir/r4'
import { SID } from '../identifiers'
import type { PrimeroCase } from './types'

export interface PrimeroIds { recordId?: string; caseId?: string; caseIdDisplay?: string }

export function primeroIdsOf(c: PrimeroCase): PrimeroIds {
  const out: PrimeroIds = {}
  if (c.id !== undefined) out.recordId = c.id
  if (c.case_id !== undefined) out.caseId = c.case_id
  if (c.case_id_display !== undefined) out.caseIdDisplay = c.case_id_display
  return out
}

/** The Primero ids as FHIR identifiers (e.g. on an EpisodeOfCare shared with a CSO's partners). */
export function primeroIdentifiers(c: PrimeroCase): fhir4.Identifier[] {
  const out: fhir4.Identifier[] = []
  if (c.id !== undefined) out.push({ system: SID.primeroRecordId, value: c.id })
  if (c.case_id !== undefined) out.push({ system: SID.primeroCaseId, value: c.case_id })
  if (c.case_id_display !== undefined) out.push({ system: SID.primeroCaseIdDisplay, value: c.case_id_display })
  return out
}
