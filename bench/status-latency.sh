#!/usr/bin/env bash
# Measures, on a running sandbox, how long a ServiceNow state change takes to reach the partner's thread.
# Start the sandbox first (java -jar target/tradinggrid-bridge.jar sandbox) and wait for its first poll.
#
#   bench/status-latency.sh [rounds=5] [endpoints=data/sandbox/endpoints.json]
set -euo pipefail
ROUNDS=${1:-5}
E=${2:-data/sandbox/endpoints.json}
SN=$(jq -r .servicenow.baseUrl "$E"); SNPW=$(jq -r .servicenow.operator.password "$E")
CTOKEN=$(curl -s -H 'Content-Type: application/json' \
  -d "$(jq -c '{grant_type:"client_credentials",client_id:.community.clientId,client_secret:.community.clientSecret}' "$E")" \
  "$(jq -r .community.tokenUrl "$E")" | jq -r .access_token)
CBASE=$(jq -r .community.baseUrl "$E")
INC=$(curl -s -u "admin:$SNPW" -H 'Accept: application/json' \
  "$SN/api/now/table/incident?sysparm_limit=1&sysparm_query=correlation_idSTARTSWITHactivecommunity:&sysparm_fields=sys_id,number,correlation_id" | jq -r '.result[0]')
SYS=$(jq -r .sys_id <<<"$INC"); THREAD=$(jq -r '.correlation_id | sub("activecommunity:";"")' <<<"$INC")
[ "$SYS" != "null" ] || { echo "no linked incident yet: wait for the sandbox's first poll"; exit 1; }
echo "incident $(jq -r .number <<<"$INC") -> thread $THREAD"
note() { curl -s -H "Authorization: Bearer $CTOKEN" "$CBASE/threads/$THREAD" | jq -r .statusNote; }
results=()
for i in $(seq 1 "$ROUNDS"); do
  if (( i % 2 )); then body='{"state":"3","hold_reason":"4"}'; else body='{"state":"2"}'; fi
  before=$(note)
  start=$(date +%s%N)
  curl -s -o /dev/null -u "admin:$SNPW" -H 'Accept: application/json' -H 'Content-Type: application/json' -X PATCH -d "$body" "$SN/api/now/table/incident/$SYS"
  while [ "$(note)" = "$before" ]; do sleep 0.2; done
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  results+=("$ms"); echo "round $i: $ms ms -> $(note)"
done
printf '%s\n' "${results[@]}" | sort -n | awk '{a[NR]=$1} END {print "median " a[int((NR+1)/2)] " ms, max " a[NR] " ms over " NR " changes"}'
