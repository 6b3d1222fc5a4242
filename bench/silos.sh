# Sourced by the benchmarks: start_silos SILO_DLL [N] starts a Redis on a random loopback port and N (default 3)
# spigo-silo processes with their membership in it, waits until all are ready, and stops everything on exit.
# Sets: work (a temporary folder with the logs), port (Redis' port; silo i listens on port+i, gateway port+10+i,
# HTTP port+20+i), pids (the silos' process ids).
start_silos() {
  local silo=$1 count=${2:-3}
  work=$(mktemp -d); port=$((20000 + RANDOM % 10000)); pids=()
  redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no --daemonize yes --pidfile "$work/redis.pid" --dir "$work" >/dev/null
  trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; redis-cli -p '"$port"' shutdown nosave >/dev/null 2>&1 || true' EXIT
  for ((i = 1; i <= count; i++)); do
    dotnet "$silo" --clustering redis --redis "127.0.0.1:$port" --silo-port $((port + i)) --gateway-port $((port + 10 + i)) \
      --http-port $((port + 20 + i)) > "$work/silo$i.log" 2>&1 &
    pids+=($!)
  done
  local ok
  for _ in $(seq 120); do
    ok=0; for ((i = 1; i <= count; i++)); do curl -sf "http://127.0.0.1:$((port + 20 + i))/health/ready" >/dev/null && ok=$((ok + 1)); done
    [ "$ok" = "$count" ] && return 0; sleep 0.5
  done
  echo "silos: the $count silos were not ready within 60 s (logs in $work)" >&2
  return 1
}
