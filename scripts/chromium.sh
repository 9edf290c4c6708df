#!/usr/bin/env bash
# Installs, when missing, what the browser tests need: Debian's Chromium (/usr/bin/chromium, which Playwright drives;
# its own browser download does not work on the development machines) and a Chinese font (Noto Sans CJK, which the
# pages ask for; without it Chromium draws Chinese as empty boxes). Silent when both are there.
# Without root it only says what is missing: the browser tests then fail and name it, the other tests still run.
set -euo pipefail
readonly chromium=/usr/bin/chromium
has_cjk_font() { command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list 'Noto Sans CJK SC' family)" ]; }

[ -x "$chromium" ] && has_cjk_font && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "warning: the browser tests need $chromium and a CJK font: run as root, or install 'chromium' and 'fonts-noto-cjk'" >&2
  exit 0
fi
echo "Chromium or its CJK font not found: installing chromium and fonts-noto-cjk with apt-get" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2 && apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
