/** Two projects: node for metadata, mappings and adapter; jsdom for the app. */
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'automatic' } }, target: 'es2022' }, module: { type: 'commonjs' } }]

const common = {
  transform: { '^.+\\.(t|j)sx?$': swc, '^.+\\.(m|c)js$': swc },
  // tests/browser needs the built app: `npm run test:browser` (jest.browser.config.js) builds it first.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/build/', '<rootDir>/.d2/', '<rootDir>/tests/browser/'],
}

module.exports = {
  projects: [
    {
      ...common,
      displayName: 'node',
      // The root node_modules holds jest-environment-node 27 (from @dhis2/cli-app-scripts); use Jest 30's own.
      testEnvironment: require.resolve('jest-environment-node', { paths: [require.resolve('jest-cli')] }),
      testMatch: ['<rootDir>/{metadata,mappings,adapter,tests}/**/*.test.ts'],
      // fhir-kit-client is ESM only and its exports map offers only "import": map it to its entry and let swc compile it.
      moduleNameMapper: { '^fhir-kit-client$': '<rootDir>/node_modules/fhir-kit-client/dist/index.js' },
      // Also msw 2's ESM dependencies (TOOLCHAIN.md, HTTP mocking): one pattern, so list every ESM package here.
      transformIgnorePatterns: ['/node_modules/(?!(fhir-kit-client|rettime|until-async|@open-draft/deferred-promise|@electric-sql/pglite)/)'],
    },
    {
      ...common,
      displayName: 'app',
      testEnvironment: 'jsdom',
      testEnvironmentOptions: { customExportConditions: ['require', 'default'] },
      testMatch: ['<rootDir>/app/**/*.test.{ts,tsx}'],
      setupFilesAfterEnv: ['<rootDir>/app/test/setup.ts'],
    },
  ],
}
