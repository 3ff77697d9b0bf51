#!/usr/bin/env bash
# The browser check of the daemon's web page (headless Chromium through playwright-core). Installs Debian's
# chromium when it is missing; `--screenshot` also refreshes docs/images/web-page.png.
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v "${CHROMIUM_PATH:-/usr/bin/chromium}" >/dev/null 2>&1; then
  SUDO=''
  if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null; then SUDO='sudo'; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi

exec npx tsx test/browser/web-page.ts "$@"
