#!/usr/bin/env bash
# Load through the local cluster (tools/cluster.sh), on loopback only and for a fixed time:
#   1. the REST API through nginx with autocannon: requests/s and latency for the dashboard, the scheduled-posts list
#      and the inbox (each after an uncounted warm-up);
#   2. wall screens in headless Chromium through nginx, spread over the instances by its sticky sessions: each
#      instance's memory as they open, and the delay from one ingested comment to the last wall
#      (the benchmark tool's `wall --front` command).
#
#   tools/load.sh [--duration 20] [--connections 10] [--walls 200] [--rounds 10] [--parallel 4] [--no-walls]
#
# Needs a Release build (dotnet build SocialOps.sln -c Release), npm (autocannon is installed into the cluster's state
# folder, never into the repository) and Debian's chromium for the walls. Starts a fresh cluster with the per-caller
# API limit raised for the run, adds the demo data (once) and an Editor token, and stops the cluster at the end.
# Everything is written to <state folder>/load-report.txt as well.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)
SCRIPT=tools/load.sh
. "$REPO/tools/lib.sh"

STATE=${SOCIALOPS_CLUSTER_DIR:-/tmp/socialops-cluster}
FRONT=http://127.0.0.1:${SOCIALOPS_CLUSTER_PORT:-8080}
INSTANCES=${SOCIALOPS_CLUSTER_INSTANCES:-3}
FIRST_APP_PORT=5101
APP_DLL=$REPO/SocialOps.Web/bin/Release/net10.0/SocialOps.Web.dll
BENCH_DLL=$REPO/tools/SocialOps.Benchmarks/bin/Release/net10.0/SocialOps.Benchmarks.dll
AUTOCANNON_VERSION=9.0.0

DURATION=20 CONNECTIONS=10 WALLS=200 ROUNDS=10 PARALLEL=4 RUN_WALLS=1
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --walls) WALLS=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --parallel) PARALLEL=$2; shift 2 ;;
    --no-walls) RUN_WALLS=0; shift ;;
    *) echo "usage: tools/load.sh [--duration 20] [--connections 10] [--walls 200] [--rounds 10] [--parallel 4] [--no-walls]" >&2; exit 2 ;;
  esac
done

[ -f "$APP_DLL" ] && [ -f "$BENCH_DLL" ] || fail "build first: dotnet build SocialOps.sln -c Release"
command -v npm >/dev/null || fail "npm is missing (apt-get install npm)"
mkdir -p "$STATE"
AUTOCANNON=$STATE/autocannon/node_modules/.bin/autocannon
if [ ! -x "$AUTOCANNON" ]; then
  echo "Installing autocannon $AUTOCANNON_VERSION into $STATE/autocannon ..."
  npm install --silent --no-audit --no-fund --prefix "$STATE/autocannon" "autocannon@$AUTOCANNON_VERSION" >/dev/null \
    || fail "could not install autocannon (npm install autocannon@$AUTOCANNON_VERSION)"
fi

exec > >(tee "$STATE/load-report.txt") 2>&1

# A fresh cluster, so the instances' memory starts from a known point; without the raised limit every token gets 429
# past 600 calls a minute.
"$REPO/tools/cluster.sh" down >/dev/null 2>&1 || true
trap '"$REPO/tools/cluster.sh" down' EXIT
SOCIALOPS_CLUSTER_SETTINGS="Security__ApiPerMinute=1000000 ${SOCIALOPS_CLUSTER_SETTINGS:-}" "$REPO/tools/cluster.sh" up | grep -v "^First admin"

run_app() {
  (set -a; . "$STATE/app.env"; set +a; export Data__Directory="$STATE/app1"; cd "$(dirname "$APP_DLL")"
   dotnet "$APP_DLL" "$@" 2>>"$STATE/load-verbs.log") || fail "$1 failed (see $STATE/load-verbs.log)"
}
run_app seed-demo | tail -n 1
TOKEN=$(run_app tokens create --name "load $(date -u +%Y%m%dT%H%M%S)" --role Editor | tail -n 1)

echo
echo "== REST API through nginx: autocannon $AUTOCANNON_VERSION, $CONNECTIONS connections, ${DURATION} s per endpoint after 5 s of warm-up"
echo "machine: $(nproc) cores; uptime before: $(uptime)"
printf '| %-16s | %-36s | %9s | %8s | %8s | %8s | %9s | %7s |\n' endpoint path "req/s" "p50 ms" "p99 ms" "max ms" requests "non-2xx"
printf '| %-16s | %-36s | %9s | %8s | %8s | %8s | %9s | %7s |\n' --- --- --- --- --- --- --- ---
for endpoint in "dashboard|/api/analytics/dashboard" "scheduled posts|/api/scheduler/scheduled-posts" "inbox|/api/inbox"; do
  name=${endpoint%%|*} path=${endpoint#*|}
  status=$(curl -s -o "$STATE/load-sample.json" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$FRONT$path")
  [ "$status" = 200 ] || fail "GET $path answered $status: $(head -c 300 "$STATE/load-sample.json")"
  "$AUTOCANNON" -c "$CONNECTIONS" -d 5 -H "Authorization=Bearer $TOKEN" --json "$FRONT$path" >/dev/null 2>&1
  "$AUTOCANNON" -c "$CONNECTIONS" -d "$DURATION" -H "Authorization=Bearer $TOKEN" --json "$FRONT$path" 2>/dev/null > "$STATE/load-${name// /-}.json"
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const row = [process.argv[2], "GET " + process.argv[3], r.requests.average.toFixed(1), r.latency.p50, r.latency.p99, r.latency.max,
      r.requests.total, r.non2xx + r.errors + r.timeouts];
    console.log("| " + row.map((v, i) => String(v)[i < 2 ? "padEnd" : "padStart"]([16, 36, 9, 8, 8, 8, 9, 7][i])).join(" | ") + " |");
  ' "$STATE/load-${name// /-}.json" "$name" "$path"
  echo "  (response: $(stat -c %s "$STATE/load-sample.json") bytes)"
done
echo "uptime after: $(uptime)"

if [ "$RUN_WALLS" = 1 ]; then
  echo
  echo "== $WALLS wall screens through nginx"
  echo "uptime before: $(uptime)"
  instances=""
  for i in $(seq 1 "$INSTANCES"); do instances+="$((FIRST_APP_PORT + i - 1))=$(cat "$STATE/app$i.pid"),"; done
  connection=$(set -a; . "$STATE/app.env"; echo "$ConnectionStrings__SocialOps")
  dotnet "$BENCH_DLL" wall --front "$FRONT" --postgres "$connection" --token "$TOKEN" --instances "${instances%,}" \
    --walls "$WALLS" --rounds "$ROUNDS" --parallel "$PARALLEL"
  echo "uptime after: $(uptime)"
fi
