#!/usr/bin/env bash
# Scale-out cost on one machine: CPU seconds (user+sys of every process) per answered request, embedded vs three
# spigo-silo processes (Redis membership) + the spigo client, and the share of grain messages that crossed silos.
# Usage: bench/scale-out.sh [repo-root] [seconds] [population] [warm-up seconds] [traffic flags]
#   (Release builds of Client and Silo must exist). Traffic defaults to "--rate 0" (as fast as a window of requests in
#   flight allows, sent by the client); "--load 2000/s" offers open-loop arrivals, generated on the silos.
# The silos are long-lived servers: a warm-up run (default 10 s, 0 = none) on the cluster comes first, so the measured
# run is not their start-up JIT. The embedded run pays its JIT every time: that is what an embedded run is.
set -euo pipefail
root=${1:-$(cd "$(dirname "$0")/.." && pwd)}; seconds=${2:-15}; population=${3:-1000}; warm=${4:-10}
read -r -a traffic <<< "${5:---rate 0}"
spigo="$root/Client/bin/Release/net10.0/spigo.dll"; silo="$root/Silo/bin/Release/net10.0/spigo-silo.dll"
cpu() { awk '{print ($14 + $15) / 100}' "/proc/$1/stat"; }  # utime+stime in clock ticks (100 Hz)
answered() { grep -oE '\(([0-9]+) answered' "$1" | grep -oE '[0-9]+'; }

# Embedded.
embedded=$(mktemp -d)
/usr/bin/time -f '%U %S %M' -o "$embedded/embedded.time" dotnet "$spigo" -a netflixoss -p "$population" "${traffic[@]}" -d "$seconds" --seed 3 \
  > "$embedded/embedded.out" 2> "$embedded/embedded.err"
read -r u s rss < "$embedded/embedded.time"
e_cpu=$(echo "$u + $s" | bc); e_ans=$(answered "$embedded/embedded.out")
echo "embedded: $e_ans answered, cpu ${e_cpu}s, $(echo "scale=2; $e_cpu * 1000000 / $e_ans" | bc) us/request, peak RSS ${rss} KB"

# Three silos + client.
. "$root/bench/silos.sh"
start_silos "$silo" 3
if [ "$warm" != 0 ]; then
  dotnet "$spigo" -a netflixoss -p "$population" "${traffic[@]}" -d "$warm" --seed 2 --cluster "redis://127.0.0.1:$port" > "$work/warm.out" 2> "$work/warm.err"
fi
before=0; for p in "${pids[@]}"; do before=$(echo "$before + $(cpu "$p")" | bc); done
/usr/bin/time -f '%U %S' -o "$work/client.time" dotnet "$spigo" -a netflixoss -p "$population" "${traffic[@]}" -d "$seconds" --seed 3 \
  --cluster "redis://127.0.0.1:$port" > "$work/cluster.out" 2> "$work/cluster.err"
after=0; for p in "${pids[@]}"; do after=$(echo "$after + $(cpu "$p")" | bc); done
read -r u s < "$work/client.time"
c_cpu=$(echo "$u + $s + $after - $before" | bc); c_ans=$(answered "$work/cluster.out")
remote=0; delivered=0
for i in 1 2 3; do
  m=$(curl -sf "http://127.0.0.1:$((port + 20 + i))/metrics")
  r=$(echo "$m" | { grep -E '^orleans_messaging_sent_messages_size_bytes_count\{.*ConnectionDirection="SiloToSilo"' || true; } | awk '{s+=$NF} END {print s+0}')
  d=$(echo "$m" | { grep -E '^spigo_gotocol_messages_total\{.*architecture="netflixoss"' || true; } | awk '{s+=$NF} END {print s+0}')
  remote=$(echo "$remote + $r" | bc); delivered=$(echo "$delivered + $d" | bc)
done
echo "3 silos: $c_ans answered, cpu ${c_cpu}s (silos $(echo "$after - $before" | bc)s over the run + client $(echo "$u + $s" | bc)s), $(echo "scale=2; $c_cpu * 1000000 / $c_ans" | bc) us/request"
echo "ratio cpu/request cluster:embedded = $(echo "scale=2; ($c_cpu * $e_ans) / ($e_cpu * $c_ans)" | bc)"
echo "silo-to-silo messages $remote for $delivered Gotocol messages delivered: $(echo "scale=3; $remote / $delivered" | bc) a message"
grep -E "nanoservices per silo" "$work/cluster.err" | cut -c1-200 || true
echo "logs in $work"
