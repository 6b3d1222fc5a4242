#!/usr/bin/env bash
# What -c costs: runs the same benchmark with and without -c, interleaved (off, on, off, on, ...) so that the
# machine's slow minutes hit both sides, and prints each run and the medians.
#   bench/metrics-cost.sh fsm [PAIRS]         -a fsm -d 0 -p 100000: wall and CPU seconds (lower is better)
#   bench/metrics-cost.sh netflixoss [PAIRS]  -a netflixoss -p 1000 --rate 0 -d 10: requests/s (higher is better)
#   bench/metrics-cost.sh small [PAIRS]       -a fsm -d 0 -p 10: the fixed cost of serving /metrics and writing files
# Build first: dotnet build -c Release. Runs one process at a time; needs /usr/bin/time.
set -euo pipefail
bench=${1:?usage: bench/metrics-cost.sh fsm|netflixoss|small [PAIRS]}
pairs=${2:-7}
here=$(cd "$(dirname "$0")/.." && pwd)
spigo="$here/Client/bin/Release/net10.0/spigo.dll"
[[ -f $spigo ]] || { echo "metrics-cost: $spigo not found; run: dotnet build -c Release" >&2; exit 2; }
case $bench in
  fsm) args=(-a fsm -d 0 -p 100000 --seed 1) ;;
  netflixoss) args=(-a netflixoss -p 1000 --rate 0 -d 10 --seed 1) ;;
  small) args=(-a fsm -d 0 -p 10 --seed 1) ;;
  *) echo "metrics-cost: unknown benchmark '$bench' (fsm, netflixoss or small)" >&2; exit 2 ;;
esac
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
median() { sort -g | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
for ((i = 1; i <= pairs; i++)); do
  for mode in off on; do
    extra=()
    [[ $mode == on ]] && extra=(-c --metrics-port 0)
    (cd "$work" && /usr/bin/time -f "%e %U %S %M" -o "$mode-$i.time" dotnet "$spigo" "${args[@]}" "${extra[@]}" > "$mode-$i.out" 2> "$mode-$i.err")
    read -r wall user sys rss < "$work/$mode-$i.time"
    rate=$(grep -o '[0-9]* req/s' "$work/$mode-$i.out" | head -1 | cut -d' ' -f1 || true)
    cpu=$(echo "$user + $sys" | bc)
    echo "$mode $i wall ${wall}s cpu ${cpu}s rss $((rss / 1024))MB${rate:+ rate $rate req/s}"
    echo "$wall" >> "$work/$mode.wall"; echo "$cpu" >> "$work/$mode.cpu"; [[ -n $rate ]] && echo "$rate" >> "$work/$mode.rate"
  done
done
# Each on run against the off run just before it: the noise of a slow minute cancels within a pair.
paste "$work/off.wall" "$work/on.wall" | awk '{print $2 / $1}' > "$work/ratio.wall"
echo "pairs: median on/off wall $(median < "$work/ratio.wall")"
if [[ -f $work/off.rate && -f $work/on.rate ]]; then
  paste "$work/off.rate" "$work/on.rate" | awk '{print $2 / $1}' > "$work/ratio.rate"
  echo "pairs: median on/off rate $(median < "$work/ratio.rate")"
fi
for mode in off on; do
  line="$mode median: wall $(median < "$work/$mode.wall")s cpu $(median < "$work/$mode.cpu")s"
  [[ -f $work/$mode.rate ]] && line+=" rate $(median < "$work/$mode.rate") req/s"
  echo "$line"
done
