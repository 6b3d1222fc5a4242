#!/usr/bin/env bash
# Speed benchmarks, each run as a whole process, A B A B ... when a baseline is given:
#   fsm100k    spigo -a fsm -d 0 -p 100000          wall, setup ("Delivered"), Goodbye phase, start, stop, JIT, GC, RSS
#   fsm1m      spigo -a fsm -d 0 -p 1000000 (chat)  the same
#   fsmN       spigo -a fsm -d 0 -p N, N with an optional k or m (fsm10k, fsm200k): how the cost grows with N
#   netflixoss spigo -a netflixoss -p 1000 --rate 0 -d 10: answered requests/s and p99
# Usage: bench/speed.sh [-n RUNS] [-b BASELINE_SPIGO] [-g GO_SPIGO] [-c CASES] SPIGO
#   SPIGO, BASELINE_SPIGO: a spigo binary (e.g. a `dotnet publish -c Release -r linux-x64` of this repo, or of an older
#   commit); GO_SPIGO: the original's binary, run on the fsm cases only. CASES: comma-separated (default all three).
# Prints one line per run, then per command and case the median [min-max] of each figure, and the median of the
# pair-by-pair ratios A/baseline and A/Go. Medians: one slow or lucky run must not move the figure.
set -euo pipefail
runs=3; baseline=""; go=""; cases="fsm100k,fsm1m,netflixoss"
while getopts "n:b:g:c:" o; do
  case $o in n) runs=$OPTARG ;; b) baseline=$OPTARG ;; g) go=$OPTARG ;; c) cases=$OPTARG ;; *) exit 2 ;; esac
done
shift $((OPTIND - 1))
[ $# -eq 1 ] || { echo "usage: bench/speed.sh [-n RUNS] [-b BASELINE_SPIGO] [-g GO_SPIGO] [-c CASES] SPIGO" >&2; exit 2; }
spigo=$(realpath "$1"); [ -n "$baseline" ] && baseline=$(realpath "$baseline"); [ -n "$go" ] && go=$(realpath "$go")
for b in "$spigo" $baseline $go; do [ -x "$b" ] || { echo "bench/speed.sh: $b: not an executable" >&2; exit 2; }; done
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
results="$work/results.tsv"; : > "$results"

# 10k -> -a fsm -d 0 -p 10000; nothing for a count that is not a positive number with an optional k or m.
pirates_of() {
  local n=${1%[km]} unit=${1:${#1}-1}
  [[ $n =~ ^[1-9][0-9]*$ ]] || return 0 # no leading zero: $((...)) would read it as octal
  case $unit in k) n=$((n * 1000)) ;; m) n=$((n * 1000000)) ;; esac
  echo "-a fsm -d 0 -p $n"
}

args_of() {
  case $1 in
    fsm[0-9]*) pirates_of "${1#fsm}" ;;
    netflixoss) echo "-a netflixoss -p 1000 --rate 0 -d 10" ;;
  esac
}

# One run: prints "case who wall cpu rss_mb setup goodbye start stop jit gc req_s p99_ms" (- where not known).
run_one() {
  local case=$1 who=$2 bin=$3 dir="$work/$2.$1"
  rm -rf "$dir"; mkdir -p "$dir"
  local extra=""; [ "$who" != go ] && extra="-o $dir --seed 7"
  local t0; t0=$(date +%s.%N)
  # The original writes its files into the current directory.
  (cd "$dir" && SPIGO_RUNTIME_STATS=1 /usr/bin/time -f '%e %U %S %M' -o "$dir/time" "$bin" $(args_of "$case") $extra > "$dir/out" 2> "$dir/err") \
    || { echo "bench/speed.sh: $who $case failed (exit $?): $(tail -1 "$dir/err")" >&2; return 1; }
  python3 - "$case" "$who" "$t0" "$dir" <<'PY'
import re, sys, datetime
case, who, t0, d = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
wall, user, sys_, rss = open(f"{d}/time").read().split()[-4:]
err = open(f"{d}/err").read(); out = open(f"{d}/out").read()
start_day = datetime.datetime.fromtimestamp(t0, datetime.timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0)
def at(pattern):
    # Log lines start HH:MM:SS.fff (this project) or YYYY/MM/DD HH:MM:SS (the original): seconds since the start.
    m = re.search(r"^(?:\d{4}/\d\d/\d\d )?(\d\d):(\d\d):(\d\d(?:\.\d+)?) .*" + pattern, err + out, re.M)
    if not m: return None
    h, mi, s = int(m[1]), int(m[2]), float(m[3])
    return (start_day.timestamp() + h * 3600 + mi * 60 + s) - t0
def dur(text):
    m = re.match(r"([\d.]+)(ns|µs|us|ms|s|m)", text)
    return float(m[1]) * {"ns": 1e-9, "µs": 1e-6, "us": 1e-6, "ms": 1e-3, "s": 1, "m": 60}[m[2]] if m else None
f = lambda v, p=3: "-" if v is None else f"{v:.{p}f}"
setup = goodbye = start = stop = jit = gc = reqs = p99 = None
m = re.search(r"Delivered \d+ messages in (\S+)", err + out)
if m: setup = dur(m[1])
population, shutdown, exit_ = at(r"population"), at(r"Shutdown"), at(r"fsm: Exit")
if shutdown is not None and exit_ is not None: goodbye = exit_ - shutdown
if population is not None: start = population
if exit_ is not None: stop = float(wall) - exit_
m = re.search(r"runtime: jit ([\d.]+)s .*gc pauses ([\d.]+)s", err)
if m: jit, gc = float(m[1]), float(m[2])
m = re.search(r"(\d+) req/s, p50 \S+ p99 (\S+),", out)
if m: reqs, p99 = float(m[1]), dur(m[2]) * 1000
print("\t".join([case, who, wall, f(float(user) + float(sys_), 2), f(int(rss) / 1024, 0), f(setup), f(goodbye), f(start), f(stop), f(jit), f(gc), f(reqs, 0), f(p99, 1)]))
PY
}

IFS=, read -ra wanted <<< "$cases"
for case in "${wanted[@]}"; do
  [ -n "$(args_of "$case")" ] || { echo "bench/speed.sh: unknown case $case (fsm100k, fsm1m, fsmN such as fsm10k or fsm200k, netflixoss)" >&2; exit 2; }
  for ((r = 1; r <= runs; r++)); do
    run_one "$case" A "$spigo" | tee -a "$results"
    [ -n "$baseline" ] && run_one "$case" base "$baseline" | tee -a "$results"
    [ -n "$go" ] && [ "$case" != netflixoss ] && run_one "$case" go "$go" | tee -a "$results"
  done
done

python3 - "$results" <<'PY'
import sys, statistics
cols = ["wall", "cpu", "rss_mb", "setup", "goodbye", "start", "stop", "jit", "gc", "req_s", "p99_ms"]
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
by = {}
for r in rows: by.setdefault((r[0], r[1]), []).append(r[2:])
print("\ncase        who   " + "".join(f"{c:>20}" for c in cols))
for (case, who), runs in by.items():
    cells = []
    for i, _ in enumerate(cols):
        v = [float(x[i]) for x in runs if x[i] != "-"]
        cells.append(f"{statistics.median(v):.3g} [{min(v):.3g}-{max(v):.3g}]" if v else "-")
    print(f"{case:<11} {who:<5} " + "".join(f"{c:>20}" for c in cells))
for other in ("base", "go"):
    for case in dict.fromkeys(r[0] for r in rows):
        a, b = by.get((case, "A"), []), by.get((case, other), [])
        if not a or not b: continue
        out = []
        for i, c in enumerate(cols[:3] + ["req_s"] if other == "base" else cols[:3]):
            j = cols.index(c)
            ratios = [float(x[j]) / float(y[j]) for x, y in zip(a, b) if x[j] != "-" and y[j] != "-" and float(y[j]) > 0]
            if ratios: out.append(f"{c} {statistics.median(ratios):.2f}")
        print(f"A/{other} {case}: " + ", ".join(out) + f"  (median of {min(len(a), len(b))} pair ratios)")
PY
