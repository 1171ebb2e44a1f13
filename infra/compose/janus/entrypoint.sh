#!/usr/bin/env bash
# Renders the project's Janus config (infra/janus/config) for a container and runs Janus in the
# foreground. Differences from infra/janus/start.sh: the API is a TCP WebSocket on :8188 inside the
# compose network (never published), candidates use the container's address (or
# JANUS_PUBLIC_IP through nat_1_1_mapping, for browsers outside the host), and no namespace trick.
# Env: JANUS_API_SECRET, JANUS_ADMIN_KEY (required), JANUS_RTP_PORTS (default 20000-20200, publish
# the same UDP range), JANUS_PUBLIC_IP (optional).
set -euo pipefail
: "${JANUS_API_SECRET:?set JANUS_API_SECRET}" "${JANUS_ADMIN_KEY:?set JANUS_ADMIN_KEY}"
LIB=/usr/lib/x86_64-linux-gnu/janus
[[ -d $LIB ]] || LIB=$(dirname "$(dpkg -L janus | grep -m1 '/janus/plugins$')")
RUN=/var/lib/booktalk-janus
mkdir -p "$RUN/config" "$RUN/plugins" "$RUN/transports" "$RUN/empty"
ln -sf "$LIB/plugins/libjanus_videoroom.so" "$RUN/plugins/"
ln -sf "$LIB/transports/libjanus_websockets.so" "$RUN/transports/"
ICE_IP=$(hostname -i | awk '{print $1}')
for f in /opt/booktalk-janus/templates/*.jcfg; do
  sed -e "s#@RUN@#$RUN#g" -e "s#@CONFIG_DIR@#$RUN/config#g" -e "s#@ICE_IP@#$ICE_IP#g" \
      -e "s#@RTP_PORTS@#${JANUS_RTP_PORTS:-20000-20200}#g" \
      -e "s#@JANUS_API_SECRET@#$JANUS_API_SECRET#g" -e "s#@JANUS_ADMIN_KEY@#$JANUS_ADMIN_KEY#g" \
      "$f" > "$RUN/config/$(basename "$f")"
done
# The API on TCP for the app nodes instead of the unix socket.
sed -i -e 's#^\tws_unix = .*#\tws_port = 8188\n\tws_ip = "0.0.0.0"#' "$RUN/config/janus.transport.websockets.jcfg"
if [[ -n "${JANUS_PUBLIC_IP:-}" ]]; then
  sed -i -e "s#^\tinterface = .*#&\n\tnat_1_1_mapping = \"$JANUS_PUBLIC_IP\"#" "$RUN/config/janus.jcfg"
fi
exec janus -F "$RUN/config"
