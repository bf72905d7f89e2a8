#!/usr/bin/env bash
# Load test of the tracked-link redirect (/l/{code}) on loopback with autocannon, against the Release build on a fresh
# SQLite data directory. Two runs: one visitor repeating (no click counted after the first) and a new visitor on every
# request (every request counted, queued and written in batches); then checks that the link's count equals the
# redirects answered. Usage: tools/redirect-benchmark.sh [connections] [seconds]   (build first: dotnet build -c Release)
set -euo pipefail
connections=${1:-50}
seconds=${2:-20}
cd "$(dirname "$0")/.."
app=SocialOps.Web/bin/Release/net10.0/SocialOps.Web.dll
[ -f "$app" ] || { echo "build first: dotnet build SocialOps.sln -c Release" >&2; exit 1; }
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
npm install --silent --no-audit --no-fund --prefix "$work/npm" autocannon@9.0.0 >/dev/null
export Data__Directory="$work/data" Scheduling__Enabled=false Logging__LogLevel__Default=Warning
port=$((20000 + RANDOM % 20000))
base="http://127.0.0.1:$port"
dotnet "$app" migrate >/dev/null 2>&1
token=$(dotnet "$app" tokens create --name redirect-benchmark --role Editor 2>/dev/null | tail -n 1)
dotnet "$app" --urls "$base" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 120); do curl -fs "$base/health" >/dev/null 2>&1 && break; sleep 0.5; done
code=$(curl -fs -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d '{"url":"https://shop.example.com/benchmark"}' "$base/api/links" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).code))')
cat >"$work/run.mjs" <<'JS'
import { createRequire } from 'node:module';
const require = createRequire(process.argv[2] + '/');
const autocannon = require('autocannon');
const [, , , url, connections, seconds, mode] = process.argv;
let n = 0;
const opts = { url, connections: +connections, duration: +seconds, method: 'GET' };
opts.headers = { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0 repeat' };
if (mode === 'new') {
  opts.requests = [{ setupRequest: r => ({ ...r, headers: { ...r.headers, 'user-agent': `Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0 visitor-${n++}` } }) }];
}
const r = await autocannon(opts);
const redirects = r['3xx'] ?? 0;
console.log(JSON.stringify({ mode, connections: +connections, seconds: +seconds, requestsPerSecondMean: r.requests.average,
  requestsPerSecondMedian: r.requests.p50, latencyP50ms: r.latency.p50, latencyP99ms: r.latency.p99, redirects, non3xx: r.non2xx - redirects, errors: r.errors, timeouts: r.timeouts }));
JS
# A short warm-up (JIT, the code's one look-up), then the two measured runs.
node "$work/run.mjs" "$work/npm/node_modules" "$base/l/$code" "$connections" 3 repeat >/dev/null
node "$work/run.mjs" "$work/npm/node_modules" "$base/l/$code" "$connections" "$seconds" repeat
node "$work/run.mjs" "$work/npm/node_modules" "$base/l/$code" "$connections" "$seconds" new | tee "$work/new.json"
sleep 3 # one flush interval and a little more
clicks=$(curl -fs -H "Authorization: Bearer $token" "$base/api/links/$code" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).clicks))')
# Expected: the repeat runs' one visitor, plus every redirect of the new-visitor run, plus up to one request per connection
# that the server answered (and counted) after autocannon stopped listening at the end of its duration.
answered=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")).redirects)' "$work/new.json")
low=$((answered + 1)); high=$((answered + 1 + connections))
verdict=$([ "$clicks" -ge "$low" ] && [ "$clicks" -le "$high" ] && echo ok || echo MISMATCH)
echo "{\"counted\": $clicks, \"expectedFrom\": $low, \"expectedTo\": $high, \"check\": \"$verdict\"}"
