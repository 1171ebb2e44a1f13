#!/usr/bin/env bash
# Installs Janus WebRTC Server from Debian's packages when it is missing (idempotent) and
# reports what it did. Needs root (apt-get). Stage mode needs only the videoroom plugin and the
# websockets transport, both in Debian's `janus` package.
set -euo pipefail
t0=$(date +%s.%N)
if command -v janus >/dev/null 2>&1; then
  echo "janus: already installed $(dpkg-query -W -f='${Version}' janus 2>/dev/null || echo '(not from apt)') at $(command -v janus)"
  exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "janus: not installed and not root; run as root or: apt-get install -y janus" >&2; exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get install -y --no-install-recommends janus >/tmp/janus-install.log 2>&1 || {
  echo "janus: apt-get install failed, retrying after apt-get update" >&2
  apt-get update >>/tmp/janus-install.log 2>&1
  apt-get install -y --no-install-recommends janus >>/tmp/janus-install.log 2>&1 || {
    echo "janus: apt-get install failed; last lines of /tmp/janus-install.log:" >&2; tail -20 /tmp/janus-install.log >&2; exit 1; }
}
# Debian enables a system-wide janus.service; the project runs its own instance, never that one.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet janus 2>/dev/null; then
  systemctl stop janus || true
fi
echo "janus: installed $(dpkg-query -W -f='${Version}' janus) in $(awk "BEGIN{printf \"%.1f\", $(date +%s.%N)-$t0}")s (log /tmp/janus-install.log)"
