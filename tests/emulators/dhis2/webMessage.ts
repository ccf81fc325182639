import type { EmulatorResponse, JsonObject } from './types'

/** HTTP reason phrases as DHIS2 puts them in `httpStatus` (Spring's HttpStatus reason phrase). */
const REASONS: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
}

export type MessageStatus = 'OK' | 'WARNING' | 'ERROR'

export const reasonPhrase = (code: number): string => REASONS[code] ?? 'Unknown'

/** DHIS2 WebMessage: `{httpStatus, httpStatusCode, status, message, devMessage?, errorCode?, response?}`. */
export function webMessage(
  httpStatusCode: number,
  status: MessageStatus,
  message?: string,
  extra: { errorCode?: string; devMessage?: string; response?: unknown } = {},
): JsonObject {
  const body: JsonObject = { httpStatus: reasonPhrase(httpStatusCode), httpStatusCode, status }
  if (message !== undefined) body.message = message
  if (extra.devMessage !== undefined) body.devMessage = extra.devMessage
  if (extra.errorCode !== undefined) body.errorCode = extra.errorCode
  if (extra.response !== undefined) body.response = extra.response
  return body
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): EmulatorResponse {
  return { status, headers: { 'content-type': 'application/json;charset=UTF-8', ...headers }, body }
}

export function errorResponse(
  httpStatusCode: number,
  message: string,
  extra: { errorCode?: string; devMessage?: string; headers?: Record<string, string> } = {},
): EmulatorResponse {
  const { headers, ...rest } = extra
  return jsonResponse(httpStatusCode, webMessage(httpStatusCode, 'ERROR', message, rest), headers)
}

/** NotFoundException(String) carries ErrorCode.E1005 in dhis2-core, hence `errorCode: "E1005"` on 404s. */
export const notFound = (type: string, uid: string): EmulatorResponse =>
  errorResponse(404, `${type} with id ${uid} could not be found.`, { errorCode: 'E1005' })

export const badRequest = (message: string): EmulatorResponse => errorResponse(400, message)
