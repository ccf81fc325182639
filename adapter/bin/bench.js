#!/usr/bin/env node
'use strict'
// `npm run bench`: prints measured figures. Mapping and streaming benchmarks arrive with
// the adapter core; for now it measures the metadata build and validation.
require('tsx/cjs/api').register()
require('../bench/main.ts')
  .main()
  .catch((error) => {
    console.error(error)
    process.exitCode = 1
  })
