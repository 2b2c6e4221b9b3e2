#!/usr/bin/env bash
# The Python wheel (pyproject.toml, maturin's binary mode): builds it, installs it into a
# fresh venv and runs the installed `agentls` (`--version`, `check examples`).
#
#   scripts/test-python.sh
#
# Environment:
#   AGENTLS_TOOLS_VENV  venv holding maturin from PyPI (default: $REPO/.venv, shared with the
#                       Neovim tests)
#
# maturin builds a release wheel by default; this uses the dev profile (same code, the build
# `cargo test` already made most of). Prints `python-wheel: N passed, N failed` and exits
# non-zero on any failure.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${AGENTLS_TOOLS_VENV:-$REPO/.venv}"
MATURIN_PACKAGE="maturin==1.16.0"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/agentls-wheel.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok   $*"; }
ko() { fail=$((fail + 1)); echo "FAIL $*"; }
finish() {
  echo "python-wheel: $pass passed, $fail failed"
  [[ $fail -eq 0 ]]
  exit $?
}

command -v python3 >/dev/null || { ko "python3 is required"; finish; }
if [[ ! -x "$VENV/bin/python" ]]; then
  python3 -m venv "$VENV"
fi
if ! "$VENV/bin/python" -m maturin --version 2>/dev/null | grep -q "${MATURIN_PACKAGE#maturin==}"; then
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "$MATURIN_PACKAGE"
fi
"$VENV/bin/python" -m maturin --version

echo "--- build"
if (cd "$REPO" && "$VENV/bin/python" -m maturin build --profile dev --out "$WORK/wheels" </dev/null); then
  ok "maturin build"
else
  ko "maturin build"
  finish
fi
wheel="$(ls "$WORK"/wheels/agentls-*.whl 2>/dev/null | head -1)"
if [[ -n "$wheel" ]]; then ok "wheel $(basename "$wheel")"; else ko "no wheel in $WORK/wheels"; finish; fi
if python3 - "$wheel" <<'PY'
import sys, zipfile
names = zipfile.ZipFile(sys.argv[1]).namelist()
scripts = [n for n in names if n.endswith(".data/scripts/agentls")]
meta = [n for n in names if n.endswith(".dist-info/METADATA")]
if len(scripts) != 1 or len(meta) != 1:
    sys.exit(f"expected one .data/scripts/agentls and one METADATA, got {names}")
PY
then ok "the wheel carries the binary as a script"; else ko "wheel contents"; fi

echo "--- install into a fresh venv"
python3 -m venv "$WORK/venv"
if "$WORK/venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-index "$wheel"; then
  ok "pip install"
else
  ko "pip install"
  finish
fi
AGENTLS="$WORK/venv/bin/agentls"
[[ -x "$AGENTLS" ]] && ok "venv/bin/agentls is executable" || { ko "$AGENTLS missing"; finish; }

version="$("$AGENTLS" --version 2>&1 || true)"
want="$(sed -n 's/^version = "\(.*\)"$/\1/p' "$REPO/Cargo.toml" | head -1)"
if [[ "$version" == "agentls $want" ]]; then ok "agentls --version: $version"; else ko "agentls --version printed '$version', want 'agentls $want'"; fi

status=0
(cd "$REPO" && "$AGENTLS" check --color never examples) >"$WORK/check.out" 2>&1 || status=$?
if [[ $status -eq 1 ]] && grep -q 'security-auditor.md:3:33: error\[yaml-syntax\]' "$WORK/check.out"; then
  ok "agentls check examples reports the broken agents (exit 1)"
else
  ko "agentls check examples: exit $status"
  cat "$WORK/check.out"
fi
# The installed binary and the one cargo built agree on every diagnostic.
if [[ -x "${AGENTLS_BIN:-}" ]]; then
  (cd "$REPO" && "$AGENTLS" check --format json examples) >"$WORK/wheel.json" 2>/dev/null || true
  (cd "$REPO" && "$AGENTLS_BIN" check --format json examples) >"$WORK/cargo.json" 2>/dev/null || true
  if cmp -s "$WORK/wheel.json" "$WORK/cargo.json"; then
    ok "same JSON report as $AGENTLS_BIN"
  else
    ko "the wheel's report differs from $AGENTLS_BIN"
    diff "$WORK/wheel.json" "$WORK/cargo.json" | head -20
  fi
fi
finish
