/**
 * Serves the built CPCM app (build/app) and a DHIS2 API for it on 127.0.0.1, for the
 * browser test. The tracker API is the tests' DHIS2 emulator, untouched; what the emulator
 * does not emulate and the app or its shell needs is answered here (never shipped):
 * metadata reads derived from the compiled package, `me` with org unit names, user and
 * system settings, the header bar's menu, `generate` for the child code, the ownership
 * override and the data store.
 */
import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize } from 'node:path'
import { serverMetadata } from '../../app/test/serverMetadata'
import type { ServerMe } from '../../app/data/metadataQuery'
import type { Dhis2Emulator } from '../emulators/dhis2/emulator'

export interface AppServer {
  baseUrl: string
  appUrl: string
  dataStore: { key: string; value: unknown }[]
  overrides: string[]
  stop(): Promise<void>
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json',
  '.png': 'image/png', '.ico': 'image/x-icon', '.svg': 'image/svg+xml', '.woff': 'font/woff', '.woff2': 'font/woff2', '.map': 'application/json',
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

export async function startAppServer(emulator: Dhis2Emulator, options: { appDir: string; me: ServerMe; password: string }): Promise<AppServer> {
  const metadata = serverMetadata(options.me)
  const dataStore: AppServer['dataStore'] = []
  const overrides: string[] = []
  const broken = new Set<string>()
  let generated = 0
  const auth = (username: string) => `Basic ${Buffer.from(`${username}:${options.password}`).toString('base64')}`

  /** Answers for what the emulator does not emulate; undefined: ask the emulator. */
  const extra = (method: string, path: string, url: URL, body: string): [number, unknown] | undefined => {
    if (method === 'GET' && path === '/programs') return [200, metadata.programs]
    if (method === 'GET' && path === '/programRules') return [200, metadata.programRules]
    if (method === 'GET' && path === '/programRuleVariables') return [200, metadata.programRuleVariables]
    if (method === 'GET' && path === '/me') {
      return [200, { ...metadata.me, name: metadata.me.displayName, authorities: [], settings: { keyUiLocale: 'en' }, userRoles: [], userGroups: [] }]
    }
    if (method === 'GET' && path === '/me/dashboard') return [200, { unreadInterpretations: 0, unreadMessageConversations: 0 }]
    if (method === 'GET' && path === '/userSettings') return [200, { keyUiLocale: 'en', keyDbLocale: 'en' }]
    if (method === 'GET' && path.startsWith('/systemSettings')) return [200, { applicationTitle: 'DHIS2 emulator', keyCustomTranslationsEnabled: false }]
    if (method === 'GET' && path.startsWith('/dataStore/')) return [404, { httpStatusCode: 404, status: 'ERROR', message: 'Not found' }]
    const generate = /^\/trackedEntityAttributes\/([^/]+)\/generate$/.exec(path)
    if (method === 'GET' && generate) {
      generated += 1
      return [200, { ownerUid: generate[1], value: `${url.searchParams.get('ORG_UNIT_CODE') ?? 'RW'}-BT${String(1000 + generated)}` }]
    }
    if (method === 'POST' && path === '/tracker/ownership/override') {
      const te = url.searchParams.get('trackedEntity') ?? ''
      overrides.push(te)
      broken.add(te)
      return [200, { httpStatusCode: 200, status: 'OK', message: 'Temporary Ownership granted' }]
    }
    if (method === 'POST' && path.startsWith('/dataStore/')) {
      dataStore.push({ key: path.slice('/dataStore/'.length), value: JSON.parse(body || '{}') })
      return [201, { httpStatusCode: 201, status: 'OK' }]
    }
    return undefined
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
      const url = new URL(req.url ?? '/', origin)
      if (url.pathname === '/dhis-web-commons/menu/getModules.action') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ modules: [] }))
        return
      }
      if (url.pathname.startsWith('/cpcm/')) {
        const file = normalize(join(options.appDir, url.pathname.slice('/cpcm/'.length) || 'index.html'))
        if (!file.startsWith(options.appDir)) {
          res.writeHead(403).end()
          return
        }
        try {
          let content: Buffer | string = await readFile(file)
          if (file.endsWith('index.html')) content = content.toString('utf8').replace('__DHIS2_BASE_URL__', origin)
          res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(content)
        } catch {
          res.writeHead(404).end()
        }
        return
      }
      const api = /^\/api(?:\/\d{2})?(\/.*)$/.exec(url.pathname)
      const method = req.method ?? 'GET'
      const body = method === 'GET' || method === 'HEAD' ? '' : await readBody(req)
      const answered = api ? extra(method, (api[1] ?? '').replace(/\.json$/, ''), url, body) : undefined
      if (answered) {
        res.writeHead(answered[0], { 'content-type': 'application/json' }).end(JSON.stringify(answered[1]))
        return
      }
      const headers: Record<string, string> = {}
      for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value
      // After a break-the-glass override, reads of that child are made with the override granted (the emulator has none).
      const te = /\/tracker\/trackedEntities\/([^/?]+)/.exec(url.pathname)?.[1]
      if (te && broken.has(te)) headers.authorization = auth('admin')
      const response = await emulator.handle({ method, url, basePath: '', headers, ...(body ? { body } : {}) })
      res.writeHead(response.status, { 'content-type': 'application/json', ...response.headers })
      res.end(response.body === undefined ? undefined : JSON.stringify(response.body))
    })().catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ httpStatusCode: 500, status: 'ERROR', message: String(error) }))
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    baseUrl,
    appUrl: `${baseUrl}/cpcm/index.html`,
    dataStore,
    overrides,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}
