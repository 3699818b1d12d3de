#!/usr/bin/env bash
# The one command that passes the tests: builds the solution, starts a private PostgreSQL for the
# storage tests, runs every test project and ends with the line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
results=$(mktemp -d)
trap 'scripts/pg.sh stop; rm -rf "$results"' EXIT

if cs=$(scripts/pg.sh start); then
  export ENTITLEMENTS_TEST_POSTGRES="$cs"
else
  echo "warning: PostgreSQL could not be started; storage tests will fail" >&2
fi

dotnet build Entitlements.sln -c Release -warnaserror -nologo -v q || { echo "0 passed, 1 failed"; exit 1; }
dotnet test Entitlements.sln -c Release --no-build --nologo \
  --logger "trx" --results-directory "$results" "$@"
status=$?

passed=0; failed=0
for f in "$results"/*.trx; do
  [ -f "$f" ] || continue
  line=$(grep -o '<Counters [^>]*>' "$f" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$line"); f2=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$line")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f2:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
