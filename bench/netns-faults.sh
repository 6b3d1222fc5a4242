#!/usr/bin/env bash
# What each fault of a real network costs a run: for every fault, a fresh three-silo cluster on its own network
# (bench/netns-cluster.sh), netflixoss for SECONDS at 100 requests/s with --verify, the fault on silo 3 from 6 s for
# HOLD seconds, then undone. Prints each run's summary, outage line and what became of silo 3. Needs root.
# Usage: sudo bench/netns-faults.sh [repo-root] [seconds] [hold] [fault…]   (Release builds of Client and Silo must exist)
#   faults: kill partition oneway cut-redis cut-client netem pause pause-redis (default: all)
set -euo pipefail
root=${1:-$(cd "$(dirname "$0")/.." && pwd)}; seconds=${2:-25}; hold=${3:-10}; shift $(( $# < 3 ? $# : 3 ))
faults=("$@"); [ ${#faults[@]} -gt 0 ] || faults=(kill partition oneway cut-redis cut-client netem pause pause-redis)
spigo="$root/Client/bin/Release/net10.0/spigo.dll"; cluster="$root/bench/netns-cluster.sh"
prefix=spfault; net=10.231.$((RANDOM % 200 + 20)); work=$(mktemp -d)
trap 'bash "$cluster" --prefix $prefix down > /dev/null 2>&1 || true' EXIT
undo() {
  case "$1" in
    kill) bash "$cluster" --prefix $prefix start 3 ;;
    partition|oneway|cut-redis|netem) bash "$cluster" --prefix $prefix heal 3 ;;
    cut-client) bash "$cluster" --prefix $prefix heal-client 3 ;;
    pause) bash "$cluster" --prefix $prefix resume 3 ;;
    pause-redis) bash "$cluster" --prefix $prefix resume-redis ;;
  esac
}
for fault in "${faults[@]}"; do
  bash "$cluster" --prefix $prefix --net "$net" --silo "$root/Silo/bin/Release/net10.0/spigo-silo.dll" up 3 2> "$work/up.err" || { cat "$work/up.err"; exit 1; }
  dotnet "$spigo" --cluster "redis://$net.2:6379" --cluster-id $prefix -a netflixoss -d "$seconds" --verify --seed 3 \
    > "$work/$fault.out" 2> "$work/$fault.err" & run=$!
  for _ in $(seq 1 120); do grep -q "Denominator traffic" "$work/$fault.err" && break; sleep 0.5; done
  sleep 6
  applied=yes
  case "$fault" in
    netem) bash "$cluster" --prefix $prefix netem 3 50ms 10ms 5% ;;
    pause-redis) bash "$cluster" --prefix $prefix pause-redis ;;
    *) bash "$cluster" --prefix $prefix "$fault" 3 ;;
  esac 2> "$work/$fault.fault" || applied=no
  sleep "$hold"; undo "$fault" 2> /dev/null || true
  [ "$applied" = yes ] || echo "== $fault: not applied: $(tail -1 "$work/$fault.fault")"
  code=0; wait "$run" || code=$?
  echo "== $fault on silo 3 for ${hold}s (exit $code)"
  grep -E "^spigo: " "$work/$fault.out" | cut -c1-400 || true
  grep -E "a silo was lost|spigo: " "$work/$fault.err" | cut -c1-300 || true
  bash "$cluster" --prefix $prefix status 2> /dev/null | grep "^silo 3" || true
  bash "$cluster" --prefix $prefix down 2> /dev/null
done
echo "logs in $work"
