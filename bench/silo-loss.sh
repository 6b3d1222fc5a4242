#!/usr/bin/env bash
# Three spigo-silo processes with Redis membership, one spigo run against them, one silo killed with SIGKILL mid-run.
# Prints the run's summary and what the driver logged about the loss. Usage: bench/silo-loss.sh [config] [arch] [kill-after-s]
set -euo pipefail
config=${1:-Release}; arch=${2:-netflixoss}; kill_after=${3:-12}
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/silos.sh"
start_silos "$root/Silo/bin/$config/net10.0/spigo-silo.dll" 3
args=(-a "$arch" -d 30 --seed 5 -j -o "$work" --cluster "redis://127.0.0.1:$port")
[ "$arch" = fsm ] && args+=(-p 3000) || args+=(--verify)
dotnet "$root/Client/bin/$config/net10.0/spigo.dll" "${args[@]}" > "$work/run.out" 2> "$work/run.err" &
run=$!
sleep "$kill_after"; kill -9 "${pids[1]}"; echo "killed silo 2 (pid ${pids[1]}) at $(date +%T)"
set +e; wait "$run"; echo "spigo exit $?"; set -e
cat "$work/run.out"; grep -E "lost|again|outage|read-your-writes|requests," "$work/run.err" | cut -c1-300
echo "logs in $work"
