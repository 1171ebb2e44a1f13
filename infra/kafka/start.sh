#!/usr/bin/env bash
# Starts a single-node Kafka (KRaft) broker from the jars in libs/ as a background process that
# outlives this script. Fresh, empty storage every start (tests must not depend on old topics).
# Idempotent: when the broker recorded in .run/kafka.pid is alive and the port answers, it
# only reports. Env: KAFKA_START_TIMEOUT (seconds, default 60), KAFKA_HEAP (default 512m).
set -euo pipefail
cd "$(dirname "$0")"
RUN="$(pwd)/.run"; PORT=9092; TIMEOUT="${KAFKA_START_TIMEOUT:-60}"

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }

if [[ -f "$RUN/kafka.pid" ]] && kill -0 "$(cat "$RUN/kafka.pid")" 2>/dev/null && port_open; then
  echo "kafka: already running (pid $(cat "$RUN/kafka.pid")) on 127.0.0.1:$PORT"; exit 0
fi
if port_open; then
  echo "kafka: port $PORT is taken by a process this script did not start; stop it first" >&2; exit 1
fi
ls libs/kafka_2.13-*.jar >/dev/null 2>&1 || ./fetch.sh

mkdir -p "$RUN"; rm -rf "$RUN/data"; rm -f "$RUN/kafka.pid"
sed "s#@LOG_DIR@#$RUN/data#" server.properties > "$RUN/server.properties"
CP="$(pwd)/libs/*"
LOG4J="-Dlog4j2.configurationFile=$(pwd)/log4j2.properties"

# No --standalone: controller.quorum.voters is set statically.
java $LOG4J -cp "$CP" kafka.tools.StorageTool format -c "$RUN/server.properties" \
  -t "$(java -cp "$CP" kafka.tools.StorageTool random-uuid)" > "$RUN/format.log" 2>&1 \
  || { echo "kafka: storage format failed:" >&2; cat "$RUN/format.log" >&2; exit 1; }

# setsid + nohup: own session, so CI killing this shell's process group does not stop it.
setsid nohup java "-Xmx${KAFKA_HEAP:-512m}" -Xms128m -XX:+UseSerialGC $LOG4J -cp "$CP" \
  kafka.Kafka "$RUN/server.properties" > "$RUN/broker.log" 2>&1 < /dev/null &
echo $! > "$RUN/kafka.pid"

# Ready = the broker says so AND the listener accepts connections.
for ((i = 0; i < TIMEOUT * 5; i++)); do
  if ! kill -0 "$(cat "$RUN/kafka.pid")" 2>/dev/null; then
    echo "kafka: broker exited during start; last log lines:" >&2; tail -30 "$RUN/broker.log" >&2; exit 1
  fi
  if grep -q "Kafka Server started" "$RUN/broker.log" && port_open; then
    echo "kafka: started (pid $(cat "$RUN/kafka.pid")) on 127.0.0.1:$PORT, log $RUN/broker.log"; exit 0
  fi
  sleep 0.2
done
echo "kafka: not ready after ${TIMEOUT}s (no 'Kafka Server started' + open port); see $RUN/broker.log:" >&2
tail -30 "$RUN/broker.log" >&2
exit 1
