#!/usr/bin/env bash
# Grammar tests: test/grammar/*.test.md against VS Code's Markdown grammar with this extension's
# injection (vscode-tmgrammar-test). Hides its notes about the Markdown grammar's other embedded
# languages, which are not needed here.
set -euo pipefail
cd "$(dirname "$0")/.."
npx --no-install vscode-tmgrammar-test --config test/grammar/grammars.json 'test/grammar/**/*.test.md' \
  2> >(grep -v '^grammar not found for' >&2)
