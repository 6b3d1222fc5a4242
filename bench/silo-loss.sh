#!/usr/bin/env bash
# Three spigo-silo processes with Redis membership, one spigo run against them, one silo killed with SIGKILL mid-run.
# Prints the run's summary and what the driver logged about the loss. Usage: bench/silo-loss.sh [config] [arch] [kill-after-s]
set -euo pipefail
config=${1:-Release}; arch=${2:-netflixoss}; kill_after=${3:-12}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d); port=$((20000 + RANDOM % 10000))
redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no --daemonize yes --pidfile "$work/redis.pid" --dir "$work" >/dev/null
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true; }
trap cleanup EXIT
silo="$root/Silo/bin/$config/net10.0/spigo-silo.dll"
for i in 1 2 3; do
  dotnet "$silo" --clustering redis --redis "127.0.0.1:$port" --silo-port $((port + i)) --gateway-port $((port + 10 + i)) \
    --http-port $((port + 20 + i)) > "$work/silo$i.log" 2>&1 &
  pids+=($!)
done
for _ in $(seq 120); do
  ok=0; for i in 1 2 3; do curl -sf "http://127.0.0.1:$((port + 20 + i))/health/ready" >/dev/null && ok=$((ok + 1)); done
  [ "$ok" = 3 ] && break; sleep 0.5
done
args=(-a "$arch" -d 30 --seed 5 -j -o "$work" --cluster "redis://127.0.0.1:$port")
[ "$arch" = fsm ] && args+=(-p 3000) || args+=(--verify)
dotnet "$root/Client/bin/$config/net10.0/spigo.dll" "${args[@]}" > "$work/run.out" 2> "$work/run.err" &
run=$!
sleep "$kill_after"; kill -9 "${pids[1]}"; echo "killed silo 2 (pid ${pids[1]}) at $(date +%T)"
set +e; wait "$run"; echo "spigo exit $?"; set -e
cat "$work/run.out"; grep -E "lost|again|outage|read-your-writes|requests," "$work/run.err" | cut -c1-300
echo "logs in $work"
