/**
 * The adapter's HTTP service: liveness, readiness, metrics, and (later) the inbound
 * FHIR endpoint. node:http and small route functions: nothing a framework would add.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { AdapterMetrics } from '../observability/metrics'

export interface ReadinessCheck {
  name: string
  check: () => Promise<void>
}

export type Route = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void

export interface ServiceOptions {
  metrics: AdapterMetrics
  readiness: ReadinessCheck[]
  /** Extra routes by path prefix, e.g. '/fhir'. */
  routes?: Record<string, Route>
  /** Called before /metrics answers, to refresh gauges (e.g. outbox depth). */
  beforeMetrics?: () => Promise<void>
}

export interface RunningService {
  url: string
  server: Server
  /** Stops accepting connections and waits for open requests to finish. */
  close(): Promise<void>
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}

export function createService(options: ServiceOptions): Server {
  let shuttingDown = false
  const server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/'
    try {
      if (path === '/health') return json(res, 200, { status: 'ok' })
      if (path === '/ready') {
        if (shuttingDown) return json(res, 503, { status: 'shutting down' })
        const results = await Promise.all(
          options.readiness.map(async (c) => {
            try {
              await c.check()
              return { name: c.name, ok: true }
            } catch (error) {
              return { name: c.name, ok: false, error: (error as Error).message }
            }
          }),
        )
        return json(res, results.every((r) => r.ok) ? 200 : 503, { status: results.every((r) => r.ok) ? 'ready' : 'not ready', checks: results })
      }
      if (path === '/metrics') {
        await options.beforeMetrics?.()
        res.writeHead(200, { 'content-type': options.metrics.registry.contentType })
        return res.end(await options.metrics.registry.metrics())
      }
      for (const [prefix, route] of Object.entries(options.routes ?? {})) {
        if (path === prefix || path.startsWith(`${prefix}/`)) return await route(req, res)
      }
      json(res, 404, { status: 'not found' })
    } catch (error) {
      // Never echo internals (or data) to a caller: the log has the details.
      if (!res.headersSent) json(res, 500, { status: 'error' })
      else res.end()
      server.emit('routeError', error)
    }
  })
  server.on('close', () => {
    shuttingDown = true
  })
  server.once('shutdown', () => {
    shuttingDown = true
  })
  return server
}

export async function startService(options: ServiceOptions, port: number, host: string): Promise<RunningService> {
  const server = createService(options)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolve())
  })
  const address = server.address() as AddressInfo
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.emit('shutdown')
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeIdleConnections()
      }),
  }
}
