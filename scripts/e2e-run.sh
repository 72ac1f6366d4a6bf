#!/usr/bin/env bash
# `npm run test:e2e`: installs code-server/chromium/playwright-core if needed (re-using
# $E2E_DIR, default /tmp/vscode-e2e), then runs the in-host suite and the UI test.
# `npm run test:e2e -- host` or `-- ui` runs one session; `-- --keep` keeps the run folder.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/e2e-setup.sh
exec node test/e2e/runner.js "$@"
