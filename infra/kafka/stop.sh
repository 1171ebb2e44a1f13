#!/usr/bin/env bash
# Stops the broker started by start.sh (by its recorded pid only): SIGTERM = controlled
# shutdown, then SIGKILL after 20 s. Storage is left for inspection; start.sh wipes it.
set -euo pipefail
cd "$(dirname "$0")"
PIDFILE=.run/kafka.pid
if [[ ! -f $PIDFILE ]] || ! kill -0 "$(cat $PIDFILE)" 2>/dev/null; then
  rm -f $PIDFILE; echo "kafka: not running"; exit 0
fi
PID=$(cat $PIDFILE); kill "$PID"
for ((i = 0; i < 100; i++)); do kill -0 "$PID" 2>/dev/null || { rm -f $PIDFILE; echo "kafka: stopped"; exit 0; }; sleep 0.2; done
echo "kafka: pid $PID ignored SIGTERM for 20s, killing" >&2; kill -9 "$PID"; rm -f $PIDFILE
