#!/usr/bin/env bash
# The end-to-end suite (`pnpm test` here) in two rounds: the real-process tests one file at a time (some
# measure the event loop, restarts or rates), then the browser tests two files at a time (each file its
# own console, worker and Chromium on ports of its own; nothing timed): CI's 20 minutes.
set -u
cd "$(dirname "$0")"
status=0
mocha --ignore 'test/**/*.browser.test.ts' || status=1
mocha --config mocharc.browser.json || status=1
exit $status
