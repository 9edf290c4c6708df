#!/usr/bin/env bash
# Installs, when missing, what the tests need besides .NET and PostgreSQL:
# - for the browser tests, Debian's Chromium (/usr/bin/chromium, which Playwright drives; its own browser download does
#   not work on the development machines) and a Chinese font (Noto Sans CJK, which the pages ask for; without it
#   Chromium draws Chinese as empty boxes);
# - for the README's walk for buyers, which a test runs as written, curl and jq.
# Silent when all are there. Without root it only says what is missing: the tests that need it then fail and name it,
# the other tests still run.
set -euo pipefail
readonly chromium=/usr/bin/chromium
has_cjk_font() { command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list 'Noto Sans CJK SC' family)" ]; }

missing=()
[ -x "$chromium" ] || missing+=(chromium)
has_cjk_font || missing+=(fonts-noto-cjk)
command -v curl >/dev/null 2>&1 || missing+=(curl)
command -v jq >/dev/null 2>&1 || missing+=(jq)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "warning: some tests need ${missing[*]}: run as root, or install them with apt-get" >&2
  exit 0
fi
echo "not found: ${missing[*]}; installing them with apt-get" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2 && apt-get install -y -qq "${missing[@]}" >/dev/null
