/**
 * The browser acceptance tests (tests/browser): the built app (build/app, from `npm run app:build`)
 * in headless Debian Chromium driven by playwright-core. Run by `npm run test:browser`, which
 * builds the app first; each test skips with the reason when Chromium is not installed.
 */
const base = require('./jest.config.js')
const node = base.projects.find((p) => p.displayName === 'node')

module.exports = {
  ...node,
  displayName: 'browser',
  testMatch: ['<rootDir>/tests/browser/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/build/', '<rootDir>/.d2/'],
}
