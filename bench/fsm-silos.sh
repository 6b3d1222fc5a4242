#!/usr/bin/env bash
# fsm on silo processes against embedded: wall and CPU seconds (user+sys of the client and every silo over the run)
# of `spigo -a fsm -d 0 -p POPULATION`, embedded, then on 1 and on 2 spigo-silo processes (Redis membership), each
# silo set warmed up by one run of 10,000 pirates first (silos are long-lived servers).
# Usage: bench/fsm-silos.sh [repo-root] [population] [extra spigo flags...]   (Release builds of Client and Silo must exist)
set -euo pipefail
root=${1:-$(cd "$(dirname "$0")/.." && pwd)}; population=${2:-100000}; shift $(($# < 2 ? $# : 2)); extra=("$@")
spigo="$root/Client/bin/Release/net10.0/spigo.dll"; silo="$root/Silo/bin/Release/net10.0/spigo-silo.dll"
for f in "$spigo" "$silo"; do [[ -f $f ]] || { echo "fsm-silos: $f not found; run: dotnet build -c Release Client Silo" >&2; exit 2; }; done
cpu() { awk '{print ($14 + $15) / 100}' "/proc/$1/stat"; }  # utime+stime in clock ticks (100 Hz)
summary() { grep -E '^spigo: fsm complete' "$1" | sed -E 's/^spigo: fsm complete: //' | cut -c1-170; }

out=$(mktemp -d)
/usr/bin/time -f '%e %U %S %M' -o "$out/embedded.time" dotnet "$spigo" -a fsm -d 0 -p "$population" "${extra[@]}" > "$out/embedded.out" 2>&1
read -r wall u s rss < "$out/embedded.time"
echo "embedded: wall ${wall}s, cpu $(echo "$u + $s" | bc)s, peak RSS $((rss / 1024)) MB — $(summary "$out/embedded.out")"

. "$root/bench/silos.sh"
for count in 1 2; do
  (
    start_silos "$silo" "$count"
    dotnet "$spigo" -a fsm -d 0 -p 10000 --cluster "redis://127.0.0.1:$port" > "$work/warm.out" 2>&1
    before=0; for p in "${pids[@]}"; do before=$(echo "$before + $(cpu "$p")" | bc); done
    /usr/bin/time -f '%e %U %S' -o "$work/client.time" dotnet "$spigo" -a fsm -d 0 -p "$population" "${extra[@]}" \
      --cluster "redis://127.0.0.1:$port" > "$work/run.out" 2>&1
    after=0; for p in "${pids[@]}"; do after=$(echo "$after + $(cpu "$p")" | bc); done
    rss=""; for p in "${pids[@]}"; do rss="$rss $(($(awk '/VmHWM/ {print $2}' "/proc/$p/status") / 1024))"; done
    read -r wall u s < "$work/client.time"
    echo "$count silo process(es): wall ${wall}s, cpu $(echo "$u + $s + $after - $before" | bc)s (silos $(echo "$after - $before" | bc)s, client $(echo "$u + $s" | bc)s), silo peak RSS MB:$rss — $(summary "$work/run.out")"
  )
done
rm -rf "$out"
