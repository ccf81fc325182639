/**
 * Indicator expressions in the sources name objects by code; DHIS2 wants UIDs.
 * Only tokens that start with CPCM_ are codes, so a UID already in place is left alone.
 */
import { idOf } from './refs'

const CODE = 'CPCM_[A-Z0-9_]+'

export class UnknownCodeError extends Error {}

export function resolveExpression(expression: string, known: (collection: string, code: string) => boolean): string {
  const check = (collection: string, code: string) => {
    if (!known(collection, code)) throw new UnknownCodeError(`expression "${expression}" names unknown ${collection} code ${code}`)
    return idOf(collection as never, code)
  }
  return expression
    .replace(new RegExp(`#\\{(${CODE})\\.(${CODE})\\}`, 'g'), (_, stage: string, de: string) => `#{${check('programStages', stage)}.${check('dataElements', de)}}`)
    .replace(new RegExp(`#\\{(${CODE})\\}`, 'g'), (_, de: string) => `#{${check('dataElements', de)}}`)
    .replace(new RegExp(`A\\{(${CODE})\\}`, 'g'), (_, attr: string) => `A{${check('trackedEntityAttributes', attr)}}`)
    .replace(new RegExp(`I\\{(${CODE})\\}`, 'g'), (_, pi: string) => `I{${check('programIndicators', pi)}}`)
    .replace(new RegExp(`PS_EVENTDATE:(${CODE})`, 'g'), (_, stage: string) => `PS_EVENTDATE:${check('programStages', stage)}`)
}
