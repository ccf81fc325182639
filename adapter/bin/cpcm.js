#!/usr/bin/env node
'use strict'
// The CLI is TypeScript; tsx compiles it on load (no build step to forget).
require('tsx/cjs/api').register()
const { main } = require('../cli/main.ts')

main(process.argv).then((code) => {
  process.exitCode = code
})
