#!/usr/bin/env bash
# Installs Debian's Chromium for the web end-to-end tests when it is missing (idempotent), with
# fonts for Korean (Nanum) and emoji so pages and screenshots render every glyph. Chatter goes
# to stderr; stdout is one line, the browser's path (services.mjs writes it as CHROMIUM_PATH).
# Needs root (apt-get) only when something is missing.
set -euo pipefail
t0=$(date +%s.%N)
bin=${CHROMIUM_PATH:-/usr/bin/chromium}
if [[ -x $bin ]]; then
  echo "chromium: already installed at $bin ($("$bin" --version 2>/dev/null | head -1 || echo 'version unknown'))" >&2
  echo "$bin"; exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "chromium: not installed and not root; run as root or: apt-get install -y chromium fonts-nanum fonts-noto-color-emoji" >&2; exit 1
fi
export DEBIAN_FRONTEND=noninteractive
log=/tmp/chromium-install.log
apt-get install -y chromium fonts-nanum fonts-noto-color-emoji >"$log" 2>&1 || {
  echo "chromium: apt-get install failed, retrying after apt-get update" >&2
  apt-get update >>"$log" 2>&1
  apt-get install -y chromium fonts-nanum fonts-noto-color-emoji >>"$log" 2>&1 || {
    echo "chromium: apt-get install failed; last lines of $log:" >&2; tail -20 "$log" >&2; exit 1; }
}
bin=/usr/bin/chromium
[[ -x $bin ]] || { echo "chromium: installed, but $bin is missing" >&2; exit 1; }
echo "chromium: installed $(dpkg-query -W -f='${Version}' chromium) in $(awk "BEGIN{printf \"%.1f\", $(date +%s.%N)-$t0}")s (log $log)" >&2
echo "$bin"
