#!/usr/bin/env bash
# Debian packages the VS Code end-to-end suite needs: headless Chromium (driven through
# puppeteer-core) and the toolchain code-server's install step uses to build its native
# modules. Idempotent: does nothing when every package is already installed. Needs root
# (or sudo) and the Debian archive.
set -euo pipefail
PACKAGES=(chromium build-essential pkg-config libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "debian packages present"
  exit 0
fi
echo "installing: ${missing[*]}"
SUDO=()
[[ $(id -u) -eq 0 ]] || SUDO=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "installed: ${missing[*]}"
