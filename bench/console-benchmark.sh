#!/usr/bin/env bash
# Console benchmark: a packaged bridge whose store holds 10,000 threads (each with its record and ten timeline
# events) and 1,000 dead letters; prints how long each console page takes, its API calls over HTTP and the whole page
# in headless Chromium (when Debian's chromium and chromium-driver are installed).
#
#   bench/console-benchmark.sh [threads=10000] [dead-letters=1000] [runs=30]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -DskipTests package
mvn -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
java -Xmx1g -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" io.tradinggrid.bridge.bench.ConsoleBenchmark "$@"
