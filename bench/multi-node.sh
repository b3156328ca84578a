#!/usr/bin/env bash
# Multi-node acceptance run: two packaged bridges on one PostgreSQL (embedded), webhooks to both, both polling every
# 5 s, random 5xx on all three systems, one node killed with -9 and restarted; checks exactly one record per thread,
# every partner post once, no dead letters. With store h2, the same with one bridge on its embedded H2 file (the
# shipped default). The build runs the PostgreSQL case small (MultiNodeIT).
#
#   bench/multi-node.sh [threads=1000] [kills=3] [fault-rate=0.2] [store=postgres|h2]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -ntp verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=MultiNodeIT \
  -Dmultinode.threads="${1:-1000}" -Dmultinode.kills="${2:-3}" -Dmultinode.fault-rate="${3:-0.2}" \
  -Dmultinode.store="${4:-postgres}"
grep -hE 'kill|threads:|up after|all threads' target/failsafe-reports/*MultiNodeIT-output.txt
