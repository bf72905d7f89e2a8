#!/usr/bin/env bash
# Runs every SocialOps test, on a fresh Debian machine too: installs and starts what the tests need
# (Chromium, PostgreSQL, Redis, Prometheus's promtool), runs the suite, and ends with one line: "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."

PG_ROLE=socialops_test
PG_PASSWORD=socialops_test
RESULTS=TestResults

SCRIPT=tools/test.sh
. tools/lib.sh

install_packages() {
  local missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  command -v pg_ctlcluster >/dev/null || missing+=(postgresql)
  # Tests start their own throwaway redis-server processes on free loopback ports; the system service is never used.
  command -v redis-server >/dev/null || missing+=(redis-server)
  # promtool (Debian's prometheus package) checks the /metrics output and docs/prometheus.yml.
  command -v promtool >/dev/null || missing+=(prometheus)
  apt_install "${missing[@]}"
}

start_postgres() {
  if [ -n "${SOCIALOPS_TEST_POSTGRES:-}" ]; then return 0; fi
  local port
  port=$(postgres_main_port) || exit 1
  # Dropping a test database WITH (FORCE) must also end an autovacuum worker busy in it.
  postgres_role "$port" "$PG_ROLE" "$PG_PASSWORD" <<SQL
GRANT pg_signal_backend TO $PG_ROLE;
SQL
  export SOCIALOPS_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=$PG_ROLE;Password=$PG_PASSWORD;Database=postgres"
}

summarize() {
  python3 - "$RESULTS" <<'PY' 2>/dev/null || awk_summary
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
for path in glob.glob(f"{sys.argv[1]}/*.trx"):
    counters = ET.parse(path).getroot().find("t:ResultSummary/t:Counters", ns)
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0)) + int(counters.get("aborted", 0))
    skipped += int(counters.get("notExecuted", 0))
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
}

# Names every failed test with the first lines of its message, so the end of the log says what broke.
list_failures() {
  python3 - "$RESULTS" <<'PY' 2>/dev/null || true
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
for path in glob.glob(f"{sys.argv[1]}/*.trx"):
    for r in ET.parse(path).getroot().iterfind(".//t:UnitTestResult", ns):
        if r.get("outcome") in ("Passed", "NotExecuted"):
            continue
        message = r.findtext("t:Output/t:ErrorInfo/t:Message", "", ns).strip().splitlines()
        print(f"FAILED {r.get('testName')}: {' | '.join(message[:4])[:600]}")
PY
}

awk_summary() {
  local passed=0 failed=0 skipped=0 f
  for f in "$RESULTS"/*.trx; do
    [ -f "$f" ] || continue
    passed=$((passed + $(grep -o 'passed="[0-9]*"' "$f" | head -1 | tr -dc 0-9)))
    failed=$((failed + $(grep -o 'failed="[0-9]*"' "$f" | head -1 | tr -dc 0-9)))
    skipped=$((skipped + $(grep -o 'notExecuted="[0-9]*"' "$f" | head -1 | tr -dc 0-9)))
  done
  echo "$passed passed, $failed failed, $skipped skipped"
}

install_packages
start_postgres
export SOCIALOPS_TEST_CHROMIUM=${SOCIALOPS_TEST_CHROMIUM:-$(command -v chromium)}
export SOCIALOPS_TEST_ARTIFACTS=${SOCIALOPS_TEST_ARTIFACTS:-$PWD/$RESULTS/artifacts}
rm -rf "$RESULTS"
mkdir -p "$RESULTS"

run_tests() {
  local name=$1
  shift
  dotnet test SocialOps.sln -c Release --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" --results-directory "$RESULTS" "$@"
}

if [ $# -gt 0 ]; then
  run_tests tests "$@"
  status=$?
else
  # The whole suite runs as two test processes, one after the other: each starts hundreds of app instances, and one
  # process for all of them ends up holding more memory than a 24 GiB machine has. Every test is in exactly one half.
  first=(Connections Scheduling Browser Notifications Inbox Hosting)
  include=$(printf 'FullyQualifiedName~SocialOps.Tests.%s.|' "${first[@]}")
  exclude=$(printf 'FullyQualifiedName!~SocialOps.Tests.%s.&' "${first[@]}")
  run_tests tests-1 --filter "${include%|}"
  status=$?
  run_tests tests-2 --no-build --filter "${exclude%&}"
  second=$?
  [ $status -ne 0 ] || status=$second
fi

ls "$RESULTS"/*.trx >/dev/null 2>&1 || { echo "0 passed, 1 failed, 0 skipped"; echo "tools/test.sh: no test results were written (the build failed?)" >&2; exit 1; }
list_failures
summarize
exit $status
