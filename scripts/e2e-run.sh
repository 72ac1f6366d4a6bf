#!/usr/bin/env bash
# `npm run test:e2e`: installs code-server/chromium/playwright-core if needed (re-using
# $E2E_DIR, default /tmp/vscode-e2e), then runs the in-host suite and the UI test.
# `npm run test:e2e -- host` or `-- ui` runs one session; `-- --keep` keeps the run folder.
#
# Several checkouts may share $E2E_DIR: each run works in its own run-XXXXXX folder, and holds
# $E2E_DIR/.lock shared for as long as it runs (fd 9, inherited by node), so an install
# (e2e-setup.sh takes the lock alone) never replaces code-server under a running test.
set -euo pipefail
cd "$(dirname "$0")/.."
E2E_DIR=${E2E_DIR:-/tmp/vscode-e2e}
bash scripts/e2e-setup.sh
exec 9>"$E2E_DIR/.lock"
flock -s 9
exec node test/e2e/runner.js "$@"
