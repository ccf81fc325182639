import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Dhis2Emulator } from './emulator'
import { NETWORK_ERROR_HEADER } from './faults'

/**
 * node:http transport on 127.0.0.1 (ephemeral port by default) for end-to-end and browser tests.
 * CORS is open (the request's Origin is echoed, credentials allowed) so an app served elsewhere can
 * call it; preflight requests are answered here, not by the core.
 */
export interface Dhis2Server {
  baseUrl: string
  stop(): Promise<void>
}

export interface Dhis2ServerOptions {
  port?: number
  host?: string
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

function corsHeaders(req: IncomingMessage): Record<string, string> {
  return {
    'access-control-allow-origin': req.headers.origin ?? '*',
    'access-control-allow-credentials': 'true',
    'access-control-allow-methods': 'GET,POST,PUT,PATCH,DELETE,OPTIONS',
    'access-control-allow-headers': req.headers['access-control-request-headers'] ?? 'authorization,content-type',
    'access-control-expose-headers': 'retry-after,location',
  }
}

export async function startDhis2Server(emulator: Dhis2Emulator, options: Dhis2ServerOptions = {}): Promise<Dhis2Server> {
  const host = options.host ?? '127.0.0.1'
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      if (req.method === 'OPTIONS') {
        res.writeHead(204, corsHeaders(req)).end()
        return
      }
      const headers: Record<string, string> = {}
      for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value
      const url = new URL(req.url ?? '/', `http://${host}:${(server.address() as AddressInfo).port}`)
      const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : await readBody(req)
      const response = await emulator.handle({ method: req.method ?? 'GET', url, basePath: '', headers, body })
      if (response.headers[NETWORK_ERROR_HEADER]) {
        req.socket.destroy()
        return
      }
      res.writeHead(response.status, { ...corsHeaders(req), ...response.headers })
      res.end(response.body === undefined ? undefined : JSON.stringify(response.body))
    })().catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ httpStatus: 'Internal Server Error', httpStatusCode: 500, status: 'ERROR', message: String(error) }))
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return {
    baseUrl: `http://${host}:${port}`,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}
