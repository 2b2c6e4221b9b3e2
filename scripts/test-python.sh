#!/usr/bin/env bash
# The Python wheel (pyproject.toml, maturin's binary mode): builds it, installs it into a
# fresh venv and runs the installed `agentls` (`--version`, `check examples`); then the
# pre-commit hook (.pre-commit-hooks.yaml, agentls-system) with that agentls on PATH.
#
#   scripts/test-python.sh
#
# Environment:
#   AGENTLS_TOOLS_VENV  venv holding maturin and pre-commit from PyPI (default: $REPO/.venv, shared with the
#                       Neovim tests)
#
# maturin builds a release wheel by default; this uses the dev profile (same code, the build
# `cargo test` already made most of). Prints `python-wheel: N passed, N failed` and exits
# non-zero on any failure.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${AGENTLS_TOOLS_VENV:-$REPO/.venv}"
MATURIN_PACKAGE="maturin==1.16.0"
PRE_COMMIT_PACKAGE="pre-commit==4.3.0"
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
if ! "$VENV/bin/python" -m pre_commit --version 2>/dev/null | grep -q "${PRE_COMMIT_PACKAGE#pre-commit==}"; then
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "$PRE_COMMIT_PACKAGE"
fi
"$VENV/bin/python" -m maturin --version
"$VENV/bin/python" -m pre_commit --version

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
if [[ $status -eq 1 ]] && grep -q 'docs-writer.md:4:1: error\[yaml-syntax\]' "$WORK/check.out"; then
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
echo "--- pre-commit hook (agentls-system, with the installed agentls on PATH)"
if "$VENV/bin/python" -m pre_commit validate-manifest "$REPO/.pre-commit-hooks.yaml"; then
  ok "pre-commit validate-manifest"
else
  ko "pre-commit validate-manifest"
fi
project="$WORK/project"
mkdir -p "$project/.claude/agents" "$project/docs"
git -C "$project" init --quiet
# Claude Code skips it: the description wraps onto an unindented line.
printf -- '---\nname: auditor\ndescription: Use this agent when asked\nto audit the code.\n---\nAudit.\n' >"$project/.claude/agents/auditor.md"
printf -- '---\nname: reviewer\ndescription: Reviews code.\n---\nReview, then ask @auditor.\n' >"$project/.claude/agents/reviewer.md"
printf -- '# Notes\n\ndescription: a: b\n' >"$project/docs/notes.md"
git -C "$project" add -A
pc() { (cd "$project" && PATH="$WORK/venv/bin:$PATH" PRE_COMMIT_HOME="$WORK/pre-commit-home" \
  GIT_AUTHOR_NAME=agentls-test GIT_AUTHOR_EMAIL=test@localhost GIT_COMMITTER_NAME=agentls-test GIT_COMMITTER_EMAIL=test@localhost \
  "$VENV/bin/python" -m pre_commit try-repo "$REPO" agentls-system "$@") >"$WORK/pc.out" 2>&1; }
status=0
pc --files .claude/agents/auditor.md docs/notes.md || status=$?
if [[ $status -ne 0 ]] && grep -q 'auditor.md:4:.*yaml-syntax' "$WORK/pc.out" && ! grep -q 'notes.md' "$WORK/pc.out"; then
  ok "the hook fails on a broken agent and leaves other Markdown alone"
else
  ko "the hook on a broken agent: exit $status"
  cat "$WORK/pc.out"
fi
status=0
pc --files .claude/agents/reviewer.md docs/notes.md || status=$?
if [[ $status -eq 0 ]]; then
  ok "the hook passes a clean agent (its delegation target is found)"
else
  ko "the hook on a clean agent: exit $status"
  cat "$WORK/pc.out"
fi
finish
