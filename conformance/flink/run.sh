#!/usr/bin/env bash
# The sample pipeline through Beam's Flink job server (Flink 1.19 embedded
# mini-cluster, --flink-master=[local]) with the Go SDK worker in the test
# process (--environment_type=LOOPBACK); its outputs must equal the embedded
# Prism run's byte for byte. Needs Java 17 and Maven; resolves the job
# server's classpath (about 150 MB, once) into ~/.m2. The test starts and
# stops the job server itself, on ports free on 127.0.0.1.
#   bash conformance/flink/run.sh
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v java >/dev/null 2>&1 || ! command -v mvn >/dev/null 2>&1; then
  echo "conformance/flink: needs java and mvn" >&2
  exit 1
fi
cp=$(mktemp /tmp/ccnet-flink-cp.XXXXXX)
trap 'rm -f "$cp"' EXIT
mvn -q -B dependency:build-classpath -Dmdep.outputFile="$cp" >/dev/null
cd ../..
CCNET_FLINK_CLASSPATH="$cp" go test -count=1 -run 'FlinkJobServer' -v ./pipeline/ 2>&1 | grep -v '^SLF4J'
