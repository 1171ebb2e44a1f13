#!/usr/bin/env bash
# Puts the Kafka broker jars into infra/kafka/libs/ (gitignored). There is no Kafka package
# on npm or Debian and no Docker engine on our build machines, so the broker runs from its
# Maven jars. Idempotent: skips when libs/ already holds the kafka jar.
set -euo pipefail
cd "$(dirname "$0")"

if ls libs/kafka_2.13-*.jar >/dev/null 2>&1; then
  echo "kafka: jars already in $(pwd)/libs"; exit 0
fi

# Java 17 + Maven from Debian when missing (root CI images).
if ! command -v java >/dev/null || ! command -v mvn >/dev/null; then
  echo "kafka: installing openjdk-17-jre-headless + maven via apt-get"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless maven
fi

# Copy into a temp dir first so an interrupted fetch never leaves a half-filled libs/.
rm -rf libs.tmp
mvn -q -B -Dstyle.color=never dependency:copy-dependencies -DoutputDirectory=libs.tmp -DincludeScope=runtime
rm -rf libs && mv libs.tmp libs
echo "kafka: $(ls libs | wc -l) jars in $(pwd)/libs"
