#!/usr/bin/env bash
# Starts the project's Janus (VideoRoom only) inside a private network namespace where 127.0.0.1
# also sits on a non-loopback device (Janus and libwebrtc skip loopback interfaces when gathering
# ICE candidates). The namespace has no route out: media stays on this box. The Janus API is a
# WebSocket on a unix socket (.run/janus-ws.sock), reachable from the host's namespace too.
# Idempotent: when the recorded Janus is alive it only reports. Needs root (unshare, nsenter).
# Env: JANUS_API_SECRET, JANUS_ADMIN_KEY (generated once into .run/secrets when unset),
#      JANUS_RTP_PORTS (default 20000-40000), JANUS_START_TIMEOUT (seconds, default 20),
#      JANUS_RUN_DIR (default infra/janus/.run): a second instance (several Janus, or a test's own
#      to kill) runs from a run dir of its own, in a namespace of its own.
# A Janus that died while its namespace lives is started again in the same namespace, so media
# clients inside it (tests) reach the new one at the same address.
# Last stdout lines: KEY=VALUE (JANUS_URL, JANUS_NETNS_PID, JANUS_API_SECRET, JANUS_ADMIN_KEY).
set -euo pipefail
cd "$(dirname "$0")"
HERE="$(pwd)"; RUN="${JANUS_RUN_DIR:-$HERE/.run}"; TIMEOUT="${JANUS_START_TIMEOUT:-20}"
LIB=/usr/lib/x86_64-linux-gnu/janus
[[ -d $LIB ]] || LIB="$(dirname "$(dpkg -L janus 2>/dev/null | grep -m1 '/janus/plugins$' || echo /nonexistent/x)")"
# Alive = exists and is not a zombie (a killed Janus whose parent never reaps it still answers kill -0).
alive() { [[ -f "$RUN/$1.pid" ]] && kill -0 "$(cat "$RUN/$1.pid")" 2>/dev/null && [[ "$(awk '{print $3}' "/proc/$(cat "$RUN/$1.pid")/stat" 2>/dev/null)" != Z ]]; }

emit_env() {
  echo "JANUS_URL=ws+unix://$RUN/janus-ws.sock"
  echo "JANUS_NETNS_PID=$(cat "$RUN/netns.pid")"
  echo "JANUS_API_SECRET=$JANUS_API_SECRET"
  echo "JANUS_ADMIN_KEY=$JANUS_ADMIN_KEY"
}

command -v janus >/dev/null || { echo "janus: not installed (run infra/janus/install.sh)" >&2; exit 1; }
mkdir -p "$RUN"; chmod 700 "$RUN"
# Secrets: the environment's, else the ones generated on an earlier start, else new ones.
if [[ -f "$RUN/secrets" ]]; then source "$RUN/secrets"; fi
JANUS_API_SECRET="${JANUS_API_SECRET:-$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')}"
JANUS_ADMIN_KEY="${JANUS_ADMIN_KEY:-$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')}"
printf 'JANUS_API_SECRET=%q\nJANUS_ADMIN_KEY=%q\n' "$JANUS_API_SECRET" "$JANUS_ADMIN_KEY" > "$RUN/secrets"; chmod 600 "$RUN/secrets"

if alive janus && alive netns && [[ -S "$RUN/janus-ws.sock" ]]; then
  echo "janus: already running (pid $(cat "$RUN/janus.pid"), namespace of pid $(cat "$RUN/netns.pid"))" >&2
  emit_env; exit 0
fi
alive janus && kill "$(cat "$RUN/janus.pid")" 2>/dev/null || true
rm -f "$RUN/janus.pid" "$RUN/janus-ws.sock"

# Only the videoroom plugin and the websockets transport are visible to this Janus.
rm -rf "$RUN/plugins" "$RUN/transports" "$RUN/empty" "$RUN/config"
mkdir -p "$RUN/plugins" "$RUN/transports" "$RUN/empty" "$RUN/config"
ln -s "$LIB/plugins/libjanus_videoroom.so" "$RUN/plugins/"
ln -s "$LIB/transports/libjanus_websockets.so" "$RUN/transports/"
for f in config/*.jcfg; do
  sed -e "s#@RUN@#$RUN#g" -e "s#@CONFIG_DIR@#$RUN/config#g" -e "s#@ICE_IP@#127.0.0.1#g" \
      -e "s#@RTP_PORTS@#${JANUS_RTP_PORTS:-20000-40000}#g" \
      -e "s#@JANUS_API_SECRET@#$JANUS_API_SECRET#g" -e "s#@JANUS_ADMIN_KEY@#$JANUS_ADMIN_KEY#g" \
      "$f" > "$RUN/config/$(basename "$f")"
done
chmod 600 "$RUN"/config/*.jcfg

# The namespace lives as long as its holder (a sleep in its own session, outliving this script).
if ! alive netns; then
  setsid nohup unshare -n sleep infinity > /dev/null 2>&1 < /dev/null &
  echo $! > "$RUN/netns.pid"; NS=$(cat "$RUN/netns.pid")
  for ((i = 0; i < 50; i++)); do [[ "$(readlink /proc/$NS/ns/net)" != "$(readlink /proc/self/ns/net)" ]] && break; sleep 0.05; done
  nsenter -t "$NS" -n bash -c 'ip link set lo up && ip link add ifb0 type ifb && ip addr add 127.0.0.1/32 dev ifb0 && ip link set ifb0 up' \
    || { echo "janus: could not set up the network namespace (root and the ifb module are needed)" >&2; kill "$NS"; exit 1; }
fi
NS=$(cat "$RUN/netns.pid")

setsid nohup nsenter -t "$NS" -n janus -F "$RUN/config" -o -N -L "$RUN/janus.log" > "$RUN/janus.out" 2>&1 < /dev/null &
echo $! > "$RUN/janus.pid"
for ((i = 0; i < TIMEOUT * 10; i++)); do
  if ! alive janus; then
    echo "janus: exited during start; last log lines:" >&2; tail -30 "$RUN/janus.log" "$RUN/janus.out" >&2 2>/dev/null; kill "$NS"; exit 1
  fi
  if [[ -S "$RUN/janus-ws.sock" ]] && grep -qi "websockets server started" "$RUN/janus.log" 2>/dev/null; then
    echo "janus: started (pid $(cat "$RUN/janus.pid")) in the network namespace of pid $NS; API ws+unix://$RUN/janus-ws.sock; log $RUN/janus.log" >&2
    echo "janus: run media clients inside it with: nsenter -t $NS -n <command>" >&2
    emit_env; exit 0
  fi
  sleep 0.1
done
echo "janus: not ready after ${TIMEOUT}s; see $RUN/janus.log:" >&2; tail -30 "$RUN/janus.log" >&2
kill "$(cat "$RUN/janus.pid")" "$NS" 2>/dev/null || true
exit 1
