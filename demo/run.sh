#!/usr/bin/env bash
# Builds QueryLens and the demo shop, runs the shop under the agent, drives every endpoint (clean code and
# each trap) with the load driver, stops the shop, and shows what QueryLens recorded.
#   bash demo/run.sh [--db=h2|postgresql|mariadb] [--requests=N]
set -euo pipefail
cd "$(dirname "$0")/.."
DB=h2
REQUESTS=200
for a in "$@"; do
  case "$a" in
    --db=*) DB="${a#--db=}" ;;
    --requests=*) REQUESTS="${a#--requests=}" ;;
    *) echo "unknown option $a"; exit 2 ;;
  esac
done

echo "== building (mvn -q -DskipTests package)"
mvn -q -B -DskipTests package

OUT=demo/target/run
mkdir -p "$OUT"
REPORT="$OUT/querylens-report.json"
LOG="$OUT/shop.log"
rm -f "$REPORT" "$LOG"

echo "== starting the shop under the agent (database: $DB)"
# No collector is needed: the report and the console summary show everything. Set OTEL_* to export.
OTEL_TRACES_EXPORTER="${OTEL_TRACES_EXPORTER:-none}" OTEL_METRICS_EXPORTER="${OTEL_METRICS_EXPORTER:-none}" \
java -javaagent:agent/target/querylens-agent.jar \
     -Dquerylens.report="$REPORT" \
     -jar demo/target/querylens-demo.jar --port=0 --db="$DB" >"$LOG" 2>&1 &
SHOP=$!
trap 'kill $SHOP 2>/dev/null || true' EXIT
URL=""
for _ in $(seq 1 300); do
  URL=$(grep -o 'http://127.0.0.1:[0-9]*' "$LOG" | head -1 || true)
  [ -n "$URL" ] && break
  kill -0 $SHOP 2>/dev/null || { cat "$LOG"; exit 1; }
  sleep 0.2
done
[ -n "$URL" ] || { echo "the shop did not start"; cat "$LOG"; exit 1; }
echo "   $URL"

echo "== driving every endpoint ($REQUESTS requests, plus the nightly-report job)"
java -cp demo/target/querylens-demo.jar io.querylens.demo.LoadDriver --base="$URL" --requests="$REQUESTS" \
     --threads=2 --mix=all --batch-job

echo "== stopping the shop (QueryLens writes its report and prints its summary)"
PORT="${URL##*:}"
exec 3<>"/dev/tcp/127.0.0.1/$PORT"
printf 'POST /shutdown HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n' >&3
cat <&3 >/dev/null || true
exec 3>&-
wait $SHOP || true
trap - EXIT
echo
grep '^\[querylens\]' "$LOG" || true
echo
echo "Full report: $REPORT"
