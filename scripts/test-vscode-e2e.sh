#!/usr/bin/env bash
# End-to-end tests of the VS Code extension in VS Code itself: code-server (VS Code's workbench,
# from the npm registry) on 127.0.0.1, driven in headless Chromium (Debian's chromium) through
# puppeteer-core. The .vsix under test (with the server bundled) is installed into a fresh
# profile with `code-server --install-extension`.
#
#   scripts/test-vscode-e2e.sh editors/vscode/agentls.vsix
#
# Installs on first use, idempotently: Node 24 from the npm registry (editors/vscode/e2e/node;
# code-server 4.139 needs it) and code-server + puppeteer-core (editors/vscode/e2e, `npm ci`
# with that Node, which builds code-server's native modules). The Debian packages (chromium,
# build tools and headers) come from scripts/install-debian-deps.sh, which .ci/run calls; a
# missing one is a failure here. Screenshots of every step: target/vscode-e2e/.
# Prints `vscode-e2e: N passed, N failed` and exits non-zero on any failure.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
E2E="$REPO/editors/vscode/e2e"
VSIX="$(cd "$(dirname "${1:?usage: test-vscode-e2e.sh FILE.vsix}")" && pwd)/$(basename "$1")"
CHROMIUM="${AGENTLS_E2E_CHROMIUM:-/usr/bin/chromium}"

fail() {
  echo "vscode-e2e: $*" >&2
  echo "vscode-e2e: 0 passed, 1 failed"
  exit 1
}

[[ -f "$VSIX" ]] || fail "$VSIX not found"
[[ -x "$CHROMIUM" ]] || fail "$CHROMIUM is missing: run scripts/install-debian-deps.sh (Debian's chromium)"
command -v npm >/dev/null || fail "npm is required"

# npm ci in $1 unless its package-lock.json is the one installed last time.
install_locked() { # dir
  local dir="$1" hash
  hash="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
  if [[ -f "$dir/node_modules/.agentls-lock-hash" && "$(cat "$dir/node_modules/.agentls-lock-hash")" == "$hash" ]]; then
    echo "$(basename "$dir")/node_modules up to date"
    return
  fi
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$hash" >"$dir/node_modules/.agentls-lock-hash"
}

install_locked "$E2E/node"
NODE24="$E2E/node/node_modules/node/bin/node"
[[ -x "$NODE24" ]] || fail "node 24 not installed in $E2E/node"
echo "node $("$NODE24" --version) for code-server"
# code-server's install step builds native modules against the Node that runs it.
PATH="$(dirname "$NODE24"):$PATH" install_locked "$E2E"
echo "code-server $("$NODE24" -p "require('$E2E/node_modules/code-server/package.json').version")"
"$CHROMIUM" --version 2>/dev/null || true

echo "vscode-e2e: prerequisites ready after ${SECONDS}s"
started=$SECONDS
status=0
"$NODE24" "$E2E/run.mjs" --vsix "$VSIX" --out "$REPO/target/vscode-e2e" </dev/null || status=$?
echo "vscode-e2e: the suite took $((SECONDS - started))s"
exit $status
