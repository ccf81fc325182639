#!/usr/bin/env node
'use strict'
// `npm run bench`: prints measured figures, never asserts them (adapter/bench/main.ts): metadata
// build and validation, outbox throughput, DHIS2 -> FHIR mapping throughput on one core against
// JSON.parse + JSON.stringify, and peak RSS of a child process streaming 10k and 100k cases through
// the connector (BENCH_STREAM_SIZES=10000,100000,1M; BENCH_STREAM_PAGE_SIZE; BENCH_MAPPING_RECORDS).
// Exits non-zero if a benchmark loses records (count in != count out).
require('tsx/cjs/api').register()
require('../bench/main.ts')
  .main()
  .catch((error) => {
    console.error(error)
    process.exitCode = 1
  })
