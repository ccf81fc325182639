/**
 * The Primero (CPIMS+) API v2 connector: HTTP only. It authenticates, pages, retries, validates what
 * it receives and turns every failure into a ConnectorError; it maps nothing.
 */
import { createPrimeroHttp } from './client'
import { caseOperations } from './cases'
import { listCasesOperation, MAX_PER } from './paging'
import { transitionOperations } from './transitions'
import type { PrimeroConnector, PrimeroConnectorOptions } from './types'

export function createPrimeroConnector(options: PrimeroConnectorOptions): PrimeroConnector {
  const per = options.per ?? MAX_PER
  if (!Number.isInteger(per) || per < 1 || per > MAX_PER) throw new TypeError(`Primero per must be an integer from 1 to ${MAX_PER}`)
  const http = createPrimeroHttp(options)
  return {
    listCases: listCasesOperation(http, per),
    ...caseOperations(http),
    ...transitionOperations(http),
  }
}
