#!/usr/bin/env bash
# Installs the test host: code-server (VS Code 1.100.3 in a browser, with a real Node extension
# host) into test/host/node_modules, from test/host's own lockfile, so the extension's `npm ci`
# stays light. See TESTING.md (shared) for why each setting below is needed.
# Idempotent: when the installed tree matches test/host's package.json and lockfile it does
# nothing, in well under a second.
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
# code-server's @vscode/ripgrep postinstall downloads this asset unless it is in its cache.
RIPGREP_CACHE_DIR_NAME=vscode-ripgrep-cache-1.15.11
RIPGREP_ASSET=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HOST="$ROOT/test/host"
STAMP="$HOST/node_modules/.test-host-stamp"
APT_HINT='apt-get update && apt-get install -y chromium libkrb5-dev ripgrep'

fail() {
  echo "test-host:install: error: $*" >&2
  exit 1
}

# What the installed tree was made from: package.json and lockfile.
manifest_hash() {
  cat "$HOST/package.json" "$HOST/package-lock.json" 2>/dev/null | sha256sum | cut -d' ' -f1
}

installed_version() {
  node -e "try { process.stdout.write(require('$HOST/node_modules/code-server/package.json').version) } catch { }"
}

# Needed at run time by the harness, whether or not code-server is installed yet.
[ -x /usr/bin/chromium ] || fail "/usr/bin/chromium is missing (the browser the tests drive). As root, run: $APT_HINT"
RG="$(command -v rg || true)"
[ -n "$RG" ] || fail "ripgrep (rg) is missing (code-server's search needs it). As root, run: $APT_HINT"
node_major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$node_major" = 20 ] || fail "code-server $CODE_SERVER_VERSION needs Node 20; this is Node $(node --version)"

if [ "$(installed_version)" = "$CODE_SERVER_VERSION" ] &&
  [ -f "$HOST/node_modules/code-server/out/node/entry.js" ] &&
  [ "$(cat "$STAMP" 2>/dev/null)" = "$(manifest_hash)" ]; then
  echo "test-host:install: code-server $CODE_SERVER_VERSION already installed in test/host (nothing to do)"
  exit 0
fi

# Needed only to build code-server's native modules.
command -v krb5-config >/dev/null 2>&1 ||
  fail "libkrb5-dev is missing (code-server's kerberos module builds against it). As root, run: $APT_HINT"

echo "test-host:install: installing code-server $CODE_SERVER_VERSION into test/host (about a minute, ~280 MB)"
start=$SECONDS

# A private TMPDIR holding the seeded ripgrep cache, removed afterwards.
work_tmp="$(mktemp -d "${TMPDIR:-/tmp}/ad-test-host-install.XXXXXX")"
trap 'rm -rf "$work_tmp"' EXIT
mkdir -p "$work_tmp/$RIPGREP_CACHE_DIR_NAME"
tar czf "$work_tmp/$RIPGREP_CACHE_DIR_NAME/$RIPGREP_ASSET" -C "$(dirname "$RG")" "$(basename "$RG")"

cd "$HOST"
export TMPDIR="$work_tmp"
# yes=true: the machine's npmrc says yes=false, which cancels node-pty's `npx node-gyp`.
# nodedir: build native modules against the machine's Node headers (no header download).
# unsafe_perm (= --unsafe-perm): code-server's postinstall refuses to run as root without it; as an
# environment variable it reaches that script even though npm 11 no longer knows the setting
# (npm warns "Unknown env config"; harmless).
export npm_config_yes=true npm_config_nodedir=/usr npm_config_unsafe_perm=true
if [ -f package-lock.json ]; then
  npm ci --no-audit --no-fund
else
  echo "test-host:install: test/host/package-lock.json is missing; creating it with npm install"
  npm install --no-audit --no-fund
fi

installed="$(installed_version)"
[ "$installed" = "$CODE_SERVER_VERSION" ] ||
  fail "expected code-server $CODE_SERVER_VERSION in test/host/node_modules, found '$installed'"
manifest_hash >"$STAMP"
echo "test-host:install: code-server $installed installed in $((SECONDS - start)) s"
