#!/usr/bin/env bash
# Installs what the real-VS-Code tests need, offline except for the npm registry and Debian:
# code-server (real VS Code 1.100.3 with a Node extension host), playwright-core (driver only)
# and Debian's chromium, ripgrep and libkrb5-dev. Re-uses an existing install in $E2E_DIR.
set -euo pipefail
E2E_DIR=${E2E_DIR:-/tmp/vscode-e2e}
CS_VERSION=${CS_VERSION:-4.100.3}   # last code-server on Node 20 (VS Code 1.100.3)
PW_VERSION=${PW_VERSION:-1.65.1}
export DEBIAN_FRONTEND=noninteractive

CS_BIN="$E2E_DIR/cs/node_modules/.bin/code-server"
installed() {
  [ -x "$CS_BIN" ] && [ -x /usr/bin/chromium ] && [ -x /usr/bin/rg ] &&
    [ -f "$E2E_DIR/cs/node_modules/playwright-core/package.json" ] &&
    grep -q "\"version\": \"$CS_VERSION\"" "$E2E_DIR/cs/node_modules/code-server/package.json" 2>/dev/null &&
    [ -f "$E2E_DIR/cs/node_modules/code-server/lib/vscode/node_modules/node-pty/build/Release/pty.node" ]
}
if installed; then
  echo "e2e-setup: re-using code-server $CS_VERSION in $E2E_DIR"
  exit 0
fi
# Installing takes $E2E_DIR/.lock alone: it waits for the runs of other checkouts, which hold it
# shared (scripts/e2e-run.sh), and another checkout's install; then looks again, since that
# install may have done the work.
mkdir -p "$E2E_DIR"
exec 8>"$E2E_DIR/.lock"
echo "e2e-setup: installing; waiting for $E2E_DIR/.lock (runs of other checkouts)" >&2
flock -x 8
if installed; then
  echo "e2e-setup: re-using code-server $CS_VERSION in $E2E_DIR (installed meanwhile)"
  exit 0
fi
t0=$(date +%s)

# 1. Debian packages: ripgrep (instead of @vscode/ripgrep's download), libkrb5-dev (kerberos
#    native module), chromium (the browser playwright-core drives).
missing=()
for p in ripgrep chromium libkrb5-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "e2e-setup: missing Debian packages: ${missing[*]} (run as root or install them)" >&2
    exit 1
  fi
  echo "e2e-setup: apt-get install ${missing[*]}"
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# 2. Seed @vscode/ripgrep's download cache with Debian's rg so its postinstall never goes online:
#    it looks for $TMPDIR/vscode-ripgrep-cache-<pkg version>/ripgrep-<rg tag>-<target>.tar.gz
mkdir -p "$E2E_DIR/tmp"
export TMPDIR="$E2E_DIR/tmp"
RG_PKG=1.15.11; RG_TAG=v13.0.0-10   # pinned by code-server 4.100.3's shrinkwrap
mkdir -p "$TMPDIR/vscode-ripgrep-cache-$RG_PKG" "$TMPDIR/rgstage"
cp /usr/bin/rg "$TMPDIR/rgstage/rg"
tar czf "$TMPDIR/vscode-ripgrep-cache-$RG_PKG/ripgrep-$RG_TAG-x86_64-unknown-linux-musl.tar.gz" -C "$TMPDIR/rgstage" rg

# 3. code-server and playwright-core from npm. code-server's postinstall builds native modules
#    (unsafe_perm: it refuses to run as root otherwise; yes: node-pty runs `npx node-gyp`).
mkdir -p "$E2E_DIR/cs"
cd "$E2E_DIR/cs"
[ -f package.json ] || echo '{"name":"vscode-e2e-host","private":true}' > package.json
echo "e2e-setup: npm install code-server@$CS_VERSION playwright-core@$PW_VERSION into $E2E_DIR/cs"
npm_config_unsafe_perm=true npm_config_yes=true \
  npm install --no-audit --no-fund --loglevel=error "code-server@$CS_VERSION" "playwright-core@$PW_VERSION"
test -x node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg
test -f node_modules/code-server/lib/vscode/node_modules/node-pty/build/Release/pty.node
installed || { echo "e2e-setup: install incomplete" >&2; exit 1; }
echo "e2e-setup: code-server $CS_VERSION ready in $(( $(date +%s) - t0 ))s"
