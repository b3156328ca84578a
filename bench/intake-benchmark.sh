#!/usr/bin/env bash
# Intake benchmark: a backlog of community threads, each with one attachment, through the packaged bridge against
# the emulators; then the same HTTP calls from a plain client. Prints throughput, p50/p99 per thread and peak RSS.
#
#   bench/intake-benchmark.sh [threads=10000] [attachment-kb=100] [concurrency=4] [bridge-heap=256m] ["more bridge JVM options"]
#   e.g. bench/intake-benchmark.sh 10000 100 4 160m "-XX:+UseSerialGC -XX:MaxDirectMemorySize=64m"
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -DskipTests package
mvn -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
java -Xmx4g -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" io.tradinggrid.bridge.bench.IntakeBenchmark "$@"
