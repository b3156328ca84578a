#!/usr/bin/env bash
# Webhook benchmark: signed deliveries against the packaged bridge while intake runs behind the answers. Prints the
# answer time (p50/p99/max) and one node's intake throughput, on the embedded H2 store and on PostgreSQL.
#
#   bench/webhook-benchmark.sh [threads=1000] [senders=8] [deliveries-per-second=0: as fast as the senders can]
#   BENCH_OPTS="-Dbench.bridge.tgb.community.intake-concurrency=2" bench/webhook-benchmark.sh 1000 8 50   (a bridge property)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -DskipTests package
mvn -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
java -Xmx2g ${BENCH_OPTS:-} -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" io.tradinggrid.bridge.bench.WebhookBenchmark "$@"
