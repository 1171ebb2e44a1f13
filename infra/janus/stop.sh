#!/usr/bin/env bash
# Stops the Janus started by start.sh and the holder of its network namespace (by their recorded
# pids only): SIGTERM, then SIGKILL after 10 s. Secrets in .run/secrets are kept for the next start.
# JANUS_RUN_DIR: the run dir of another instance (see start.sh).
set -euo pipefail
cd "$(dirname "$0")"
RUN="${JANUS_RUN_DIR:-.run}"
stop_pid() { # name
  local f="$RUN/$1.pid"
  gone() { ! kill -0 "$1" 2>/dev/null || [[ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" == Z ]]; }
  if [[ ! -f $f ]] || gone "$(cat "$f")"; then rm -f "$f"; return 1; fi
  local pid; pid=$(cat "$f"); kill "$pid"
  for ((i = 0; i < 100; i++)); do gone "$pid" && { rm -f "$f"; return 0; }; sleep 0.1; done
  echo "janus: $1 pid $pid ignored SIGTERM for 10s, killing" >&2; kill -9 "$pid"; rm -f "$f"
}
if stop_pid janus; then echo "janus: stopped"; else echo "janus: not running"; fi
stop_pid netns || true
rm -f "$RUN/janus-ws.sock"
