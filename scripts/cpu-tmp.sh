#!/usr/bin/env bash
# Load test of POST /v1/access/check over loopback HTTP with wrk (Debian package, installed when missing).
# Builds and starts the silo in Release (embedded mode), seeds a unit, an agent and a customer, checks that the
# five-field check answers as expected, then drives it with wrk and prints requests/s and the latency
# distribution. Traffic goes to 127.0.0.1 only; wrk stops by itself after the duration.
#   scripts/load-test.sh [seconds=15] [connections=64] [threads=2]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-15}; connections=${2:-64}; threads=${3:-2}
port=${ENTITLEMENTS_LOAD_PORT:-5098}
base="http://127.0.0.1:$port"
if ! command -v wrk >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
fi
dotnet build src/Silo -c Release -nologo -v q >/dev/null
work=$(mktemp -d)
out="$PWD/src/Silo/bin/Release/net10.0"
(cd "$out" && exec dotnet Entitlements.Silo.dll --urls "$base" --Orleans:SiloPort=11198 --Orleans:GatewayPort=30198 >"$work/silo.log" 2>&1) &
silo=$!
trap 'kill $silo 2>/dev/null; wait $silo 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 120); do curl -sf "$base/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
token=$(sed -n '/Development token/{n;p}' "$work/silo.log")
[ -n "$token" ] || { echo "the silo printed no development token" >&2; cat "$work/silo.log" >&2; exit 1; }
h=(-sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json')
curl "${h[@]}" -X PUT "$base/v1/units/load-b1" -d '{"name":"Load branch","parent":null,"kind":"branch","securityOfficer":null,"securityContact":null,"tags":[]}' >/dev/null
curl "${h[@]}" -X PUT "$base/v1/users/load-u1" -d '{"unit":"load-b1","roles":["agent"],"employment":"staff","ndaSigned":true,"designatedVipViewer":false}' >/dev/null
curl "${h[@]}" -X PUT "$base/v1/customers/load-c1" -d '{"unit":"load-b1","vip":false,"agent":"load-u1","servicePerson":null,"servedBy":[],"consents":{"thirdPartySharing":false,"change":true}}' >/dev/null
body='{"subject":"load-u1","customer":"load-c1","action":"view","fields":["name","mobile","idNumber","health","gender"],"application":"mss","grant":null}'
answer=$(curl "${h[@]}" -X POST "$base/v1/access/check" -d "$body")
case "$answer" in *'"decision":"allow"'*'"hide-middle-4"'*) ;; *) echo "unexpected check answer: $answer" >&2; exit 1 ;; esac
cat >"$work/check.lua" <<LUA
wrk.method = "POST"
wrk.body = '$body'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $token"
LUA
wrk -t"$threads" -c"$connections" -d5s -s "$work/check.lua" "$base/v1/access/check" >/dev/null   # warm-up
echo "POST /v1/access/check, five fields, $connections connections, $threads wrk threads, ${seconds}s:"
cpu() { awk '{print $14, $15}' /proc/$silo/stat; }
c1=$(cpu)
wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency -s "$work/check.lua" "$base/v1/access/check" | grep -E "Requests/sec|99%|requests in"
c2=$(cpu)
echo "silo user/sys ticks before: $c1 after: $c2"
