/**
 * The issue's acceptance test in headless Chromium: the built app (build/app) served
 * against the emulated DHIS2 API with 5,000 cases. Register a concern, screen it as Tier 1,
 * do the intake with consent, and find the case at the top of "my cases" as due today.
 * Screenshots of the worklist and the case file, and the worklist timing, go to build/browser/.
 *
 * Needs: Chromium (`apt-get install -y chromium`, or CHROMIUM_PATH), playwright-core, and
 * `npm run app:build`. Without them the test is skipped with the reason.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { addDays, localIsoDate } from '../../app/domain'
import { DEFAULT_USER } from '../../app/test/serverMetadata'
import { createDhis2Emulator } from '../emulators/dhis2/emulator'
import { installCpcmPackage, seedCases } from '../fixtures/seed-dhis2'
import { startAppServer, type AppServer } from './appServer'

const ROOT = join(__dirname, '..', '..')
const APP_DIR = join(ROOT, 'build', 'app')
const OUT = join(ROOT, 'build', 'browser')
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const CASES = Number(process.env.CPCM_BROWSER_CASES ?? 5000)
const PASSWORD = 'Browser-test-1'

// The few Playwright members used; playwright-core is optional, so its types are not imported.
interface Locator {
  click(): Promise<void>
  check(): Promise<void>
  fill(value: string): Promise<void>
  waitFor(options?: { timeout?: number }): Promise<void>
  textContent(): Promise<string | null>
  getAttribute(name: string): Promise<string | null>
  getByRole(role: string, options?: { name?: string | RegExp; exact?: boolean }): Locator
  getByLabel(text: string | RegExp, options?: { exact?: boolean }): Locator
  getByText(text: string | RegExp): Locator
  locator(selector: string): Locator
  first(): Locator
}
interface Page extends Locator {
  goto(url: string): Promise<unknown>
  screenshot(options: { path: string; fullPage?: boolean }): Promise<unknown>
  on(event: 'console' | 'pageerror', listener: (message: { text?: () => string; message?: string }) => void): void
}
interface Browser {
  newContext(options: object): Promise<{ newPage(): Promise<Page> }>
  close(): Promise<void>
}
interface Playwright {
  chromium: { launch(options: object): Promise<Browser> }
  selectors: { setTestIdAttribute(name: string): void }
}

function loadPlaywright(): Playwright | undefined {
  try {
    return require('playwright-core') as Playwright
  } catch {
    return undefined
  }
}

const playwright = loadPlaywright()
const skipReason = !existsSync(CHROMIUM)
  ? `no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`
  : !playwright
    ? 'playwright-core is not installed'
    : !existsSync(join(APP_DIR, 'index.html'))
      ? 'the app is not built (npm run app:build)'
      : undefined
if (skipReason) console.warn(`browser test skipped: ${skipReason}`)
const describeBrowser = skipReason ? describe.skip : describe

describeBrowser('the built app in headless Chromium', () => {
  let server: AppServer
  let browser: Browser
  let page: Page
  const timing: Record<string, number> = {}

  beforeAll(async () => {
    const emulator = createDhis2Emulator({
      version: '2.41',
      users: [
        { username: 'admin', password: PASSWORD, authorities: ['ALL'] },
        { uid: DEFAULT_USER.id, username: DEFAULT_USER.username, password: PASSWORD, organisationUnits: DEFAULT_USER.organisationUnits.map((o) => o.id) },
      ],
    })
    installCpcmPackage(emulator)
    const seeding = Date.now()
    // Spread over the last 250 days, ending a few days ago (seeds are one case per 20 a day).
    // 5,000 cases recorded over the last ten days, all on track (next deadlines weeks ahead), so a
    // new Tier 1 case due today must come first, from the server's order across pages.
    seedCases(emulator, CASES, { from: addDays(localIsoDate(), -10), perDay: Math.ceil(CASES / 10) })
    timing.seedMs = Date.now() - seeding
    server = await startAppServer(emulator, { appDir: APP_DIR, me: DEFAULT_USER, password: PASSWORD })
    playwright!.selectors.setTestIdAttribute('data-test')
    browser = await playwright!.chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    })
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      extraHTTPHeaders: { Authorization: `Basic ${Buffer.from(`${DEFAULT_USER.username}:${PASSWORD}`).toString('base64')}` },
    })
    page = await context.newPage()
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`))
    mkdirSync(OUT, { recursive: true })
  }, 300_000)

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    writeFileSync(join(OUT, 'timing.json'), `${JSON.stringify({ cases: CASES, ...timing }, null, 2)}\n`)
    console.log(`browser test timing (${CASES} cases): ${JSON.stringify(timing)}`)
  })

  const choose = async (label: RegExp, option: string) => {
    await page.getByRole('combobox', { name: label }).click()
    await page.getByRole('option', { name: option, exact: true }).click()
  }
  const answer = (question: string, option: string) => page.locator(`[data-test="cpcm-question-${question}"]`).getByLabel(option, { exact: true }).check()

  it('opens on the worklist, first page from the server', async () => {
    const started = Date.now()
    await page.goto(server.appUrl)
    await page.locator('[data-test="cpcm-worklist-ready"]').waitFor({ timeout: 60_000 })
    timing.firstLoadToWorklistMs = Date.now() - started
    timing.worklistQueriesMs = Number(await page.locator('[data-test="cpcm-worklist-ready"]').getAttribute('data-elapsed-ms'))
    const rows = page.locator('[data-test="cpcm-worklist-row"]')
    expect(await rows.first().textContent()).toMatch(/GAS-/)
  }, 120_000)

  it('registers a concern, screens it as Tier 1, does the intake with consent, and finds it at the top of my cases, due today', async () => {
    await page.getByRole('button', { name: 'Register a concern' }).click()
    await choose(/Reporter type/, 'IZU (Inshuti z\'Umuryango)')
    await choose(/Reporting channel/, '116 child helpline (RIB)')
    await choose(/Where the child is/, 'Kacyiru')
    await page.getByLabel(/Child age/).fill('12')
    await choose(/Suspected case type/, 'Sexual violence/abuse')
    await page.getByRole('button', { name: 'Save and screen' }).click()

    await page.getByRole('heading', { name: 'Screening and risk categorisation' }).waitFor()
    await answer('vena', 'Yes')
    await answer('danger', 'Yes')
    expect(await page.locator('[data-test="cpcm-response-due"]').textContent()).toContain('Due today')
    await page.getByLabel(/Immediate actions taken/).fill('Accompanied to Isange One Stop Centre Kacyiru.')
    await answer('justice', 'Yes')
    await page.getByRole('button', { name: 'Save the screening' }).click()
    await page.getByRole('button', { name: 'Start the intake' }).click()

    await page.getByRole('button', { name: 'Register a new child' }).click()
    await choose(/^Sex/, 'Female')
    await page.getByLabel(/^Date of birth or age/).fill('2014-01-20')
    await answer('consent-services', 'Yes')
    await answer('consent-sharing', 'Yes')
    await choose(/Consent given by/, 'Caregiver or guardian')
    await answer('assent', 'Yes')
    await page.getByLabel(/Confidentiality agreement/).check()
    expect(await page.locator('[data-test="cpcm-assessment-due"]').textContent()).toContain('Due today')
    await page.getByRole('button', { name: 'Open the case' }).click()

    const codeCell = page.locator('[data-test="cpcm-case-child-code"]')
    await codeCell.waitFor({ timeout: 30_000 })
    const code = await codeCell.textContent()
    expect(code).toMatch(/^GAS-KAC-BT\d{4}$/)
    await page.screenshot({ path: join(OUT, 'case-file.png'), fullPage: true })

    const started = Date.now()
    await page.getByRole('button', { name: 'Worklist' }).click()
    await page.locator('[data-test="cpcm-worklist-ready"]').waitFor({ timeout: 30_000 })
    timing.worklistAfterIntakeMs = Date.now() - started
    const top = page.locator('[data-test="cpcm-worklist-row"]').first()
    const text = await top.textContent()
    expect(text).toContain(code ?? '')
    expect(text).toContain('Tier 1')
    expect(text).toContain('Due today')
    expect(await page.locator('body').textContent()).not.toMatch(/Canary/)
    await page.screenshot({ path: join(OUT, 'worklist.png'), fullPage: true })
  }, 180_000)
})
