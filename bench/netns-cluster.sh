#!/usr/bin/env bash
# Silos on a real network on one machine: each spigo-silo in a network namespace of its own, with its own address on
# a bridge, Redis in another, the client in the root namespace; and the faults of a real network, each a command.
# Needs root (ip netns, tc). Everything it makes is named after --prefix, and `down` removes it all, by name and pid.
#
#   bench/netns-cluster.sh [--prefix P] [--net 10.231.7] [--silo DLL] up N     start Redis and N silos (addresses NET.11…)
#   bench/netns-cluster.sh [--prefix P] down                                 stop them; remove namespaces, links, bridge
#   bench/netns-cluster.sh [--prefix P] status                               each silo: address, pid, ready or not
#   bench/netns-cluster.sh [--prefix P] partition I | heal I                 silo I off the network (both ways) / back
#   bench/netns-cluster.sh [--prefix P] oneway I                             silo I's packets out are dropped, in arrive
#   bench/netns-cluster.sh [--prefix P] cut-redis I                          silo I cannot reach Redis (only)
#   bench/netns-cluster.sh [--prefix P] netem I DELAY [JITTER [LOSS%]]       delay and loss on silo I's link, e.g. 50ms 10ms 5%
#   bench/netns-cluster.sh [--prefix P] cut-client I | heal-client I         the client's packets to silo I dropped / not
#   bench/netns-cluster.sh [--prefix P] pause I | resume I                   SIGSTOP / SIGCONT silo I
#   bench/netns-cluster.sh [--prefix P] kill I | start I                     SIGKILL silo I / start it again, same address
#   bench/netns-cluster.sh [--prefix P] pause-redis | resume-redis           SIGSTOP / SIGCONT Redis (membership unreachable)
#   bench/netns-cluster.sh [--prefix P] restart-redis                        Redis killed and started again, empty
#
# A run against it: dotnet Client/bin/Release/net10.0/spigo.dll --cluster redis://NET.2:6379 -a netflixoss -d 40
set -euo pipefail

prefix=spigo; net=""; silo_dll=""
root=$(cd "$(dirname "$0")/.." && pwd)
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix=$2; shift 2 ;;
    --net) net=$2; shift 2 ;;
    --silo) silo_dll=$2; shift 2 ;;
    *) break ;;
  esac
done
[ $# -ge 1 ] || { sed -n '2,19p' "$0"; exit 2; }
command=$1; shift
state=${TMPDIR:-/tmp}/$prefix-netns
bridge=$prefix-br
say() { echo "netns-cluster: $*" >&2; }
fail() { say "$*"; exit 2; }
[[ $prefix =~ ^[a-z][a-z0-9]{0,7}$ ]] || fail "--prefix $prefix: 1 to 8 lower-case letters and digits, a letter first"
# The network a cluster was brought up on is remembered: the other commands need not be told it again.
[ -n "$net" ] || net=$(cat "$state/net" 2>/dev/null || echo 10.231.7)
[[ $net =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || fail "--net $net: the first three parts of an IPv4 address, e.g. 10.231.7"
[ "$(id -u)" = 0 ] || fail "needs root (ip netns, tc)"

ns() { echo "$prefix-$1"; }                     # namespace of silo I, or of redis
veth() { echo "$prefix-v$1"; }                  # the root side of silo I's link
address() { echo "$net.$((10 + $1))"; }
silo_pid() { cat "$state/silo$1.pid" 2>/dev/null || true; }
# Running, not exited: an exited silo whose parent (this script, gone) cannot reap it lingers as a zombie.
alive() { [ -n "${1:-}" ] && [ -r "/proc/$1/stat" ] && ! grep -q '^[0-9]* (.*) Z ' "/proc/$1/stat"; }
need_silo() { [[ ${1:-} =~ ^[0-9]+$ ]] && [ -e "$state/silo$1.pid" ] || fail "no silo ${1:-?} (up N starts 1…N)"; }

# A namespace with its own address on the bridge: lo up, eth0 on a veth pair whose other end is on the bridge.
make_ns() {
  local name=$1 link=$2 ip=$3
  ip netns add "$name"
  ip link add "$link" type veth peer name eth0 netns "$name"
  ip link set "$link" master "$bridge" up
  ip -n "$name" link set lo up
  ip -n "$name" addr add "$ip/24" dev eth0
  ip -n "$name" link set eth0 up
}

start_redis() {
  ip netns exec "$(ns redis)" redis-server --bind "$net.2" --port 6379 --protected-mode no --dir "$state" --save "" --appendonly no \
    > "$state/redis.log" 2>&1 & echo $! > "$state/redis.pid"
  for _ in $(seq 1 40); do [ "$(redis-cli -h "$net.2" -p 6379 ping 2>/dev/null)" = PONG ] && break; sleep 0.25; done
  [ "$(redis-cli -h "$net.2" -p 6379 ping 2>/dev/null)" = PONG ] || fail "Redis did not answer at $net.2:6379: $(tail -3 "$state/redis.log")"
}

start_silo() {
  ip netns exec "$(ns "$1")" dotnet "$silo_dll" --clustering redis --redis "$net.2:6379" --cluster-id "$prefix" \
    --advertise "$(address "$1")" --silo-port 11111 --gateway-port 30000 --http-port 8124 \
    >> "$state/silo$1.log" 2>&1 & echo $! > "$state/silo$1.pid"
}

wait_ready() {
  for _ in $(seq 1 120); do
    curl -fs "http://$(address "$1"):8124/health/ready" > /dev/null 2>&1 && break
    alive "$(silo_pid "$1")" || fail "silo $1 exited: $(tail -3 "$state/silo$1.log")"
    sleep 0.5
  done
  curl -fs "http://$(address "$1"):8124/health/ready" > /dev/null 2>&1 || fail "silo $1 not ready within 60 s"
  say "silo $1 ready at $(address "$1") (pid $(silo_pid "$1"))"
}

up() {
  local n=${1:-3}
  [[ $n =~ ^[1-9]$ ]] || fail "up $n: 1 to 9 silos"
  [ -n "$silo_dll" ] || silo_dll=$root/Silo/bin/Release/net10.0/spigo-silo.dll
  [ -f "$silo_dll" ] || fail "--silo $silo_dll: not found (dotnet build -c Release first)"
  [ ! -e "$state" ] || fail "$state exists: a cluster named $prefix is up (down first)"
  mkdir -p "$state"
  echo "$net" > "$state/net"
  echo "$silo_dll" > "$state/silo-dll"
  # Whatever ends this before the cluster is up — a failure, Ctrl-C, SIGTERM — takes down what was made.
  trap 'rc=$?; [ "$rc" = 0 ] || { say "not up: taking down what was made"; down; }; exit "$rc"' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  ip link add "$bridge" type bridge
  ip addr add "$net.1/24" dev "$bridge"
  ip link set "$bridge" up
  make_ns "$(ns redis)" "$(veth r)" "$net.2"
  # Protected mode would refuse the silos (they are not on loopback); the bridge is this machine's own.
  start_redis
  for i in $(seq 1 "$n"); do
    make_ns "$(ns "$i")" "$(veth "$i")" "$(address "$i")"
    start_silo "$i"
  done
  for i in $(seq 1 "$n"); do wait_ready "$i"; done
  trap - EXIT INT TERM
  say "cluster $prefix up: redis://$net.2:6379, cluster id $prefix"
}

down() {
  for pidfile in "$state"/*.pid; do
    [ -e "$pidfile" ] || continue
    local pid; pid=$(cat "$pidfile")
    kill -CONT "$pid" 2>/dev/null || true
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pidfile in "$state"/*.pid; do
    [ -e "$pidfile" ] || continue
    local pid; pid=$(cat "$pidfile")
    for _ in $(seq 1 40); do alive "$pid" || break; sleep 0.25; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  for name in $(ip netns list 2>/dev/null | awk '{print $1}' | grep -E "^$prefix-(redis|[0-9]+)$" || true); do ip netns del "$name"; done
  for link in $(ip -o link show 2>/dev/null | awk -F': ' '{print $2}' | cut -d@ -f1 | grep -E "^$prefix-(v[0-9r]+|br)$" || true); do ip link del "$link" 2>/dev/null || true; done
  # The one fault made in the root namespace: the client's blackhole routes to silos (cut-client).
  for i in $(seq 1 9); do ip route del blackhole "$(address "$i")/32" 2>/dev/null || true; done
  rm -rf "$state"
  say "cluster $prefix down"
}

status() {
  for pidfile in "$state"/silo*.pid; do
    [ -e "$pidfile" ] || continue
    local i; i=$(basename "$pidfile" .pid); i=${i#silo}
    local ready=no
    curl -fs -m 1 "http://$(address "$i"):8124/health/ready" > /dev/null 2>&1 && ready=yes
    echo "silo $i $(address "$i") pid $(silo_pid "$i") $(alive "$(silo_pid "$i")" && echo running || echo exited) ready=$ready"
  done
}


case "$command" in
  up) up "$@" ;;
  down) down ;;
  status) status ;;
  partition) need_silo "${1:-}"; ip link set "$(veth "$1")" down; say "silo $1 partitioned (both ways)" ;;
  heal)
    need_silo "${1:-}"; ip link set "$(veth "$1")" up
    ip -n "$(ns "$1")" route del blackhole "$net.0/25" 2>/dev/null || true
    ip -n "$(ns "$1")" route del blackhole "$net.2/32" 2>/dev/null || true
    tc -n "$(ns "$1")" qdisc del dev eth0 root 2>/dev/null || true
    say "silo $1 healed" ;;
  oneway)
    # Routes, not packet filters (which need tc actions many kernels lack): everything silo I sends to the bridge's
    # other addresses is dropped; what they send it arrives (its own address is local, so it still talks to itself).
    need_silo "${1:-}"; ip -n "$(ns "$1")" route replace blackhole "$net.0/25"
    say "silo $1: its packets out are dropped, packets in arrive" ;;
  cut-redis)
    need_silo "${1:-}"; ip -n "$(ns "$1")" route replace blackhole "$net.2/32"
    say "silo $1 cut from Redis" ;;
  netem)
    need_silo "${1:-}"; [ -n "${2:-}" ] || fail "netem I DELAY [JITTER [LOSS%]]"
    args=(delay "$2"); [ -n "${3:-}" ] && args+=("$3"); [ -n "${4:-}" ] && args+=(loss "$4")
    tc -n "$(ns "$1")" qdisc replace dev eth0 root netem "${args[@]}" || fail "netem needs the kernel's sch_netem (modprobe sch_netem)"
    say "silo $1: netem ${args[*]}" ;;
  cut-client)
    # In the root namespace, where the client runs: what it sends silo I goes nowhere.
    need_silo "${1:-}"; ip route replace blackhole "$(address "$1")/32"
    say "silo $1 cut from the client (its gateway unreachable)" ;;
  heal-client) need_silo "${1:-}"; ip route del blackhole "$(address "$1")/32" 2>/dev/null || true; say "silo $1 reachable from the client again" ;;
  pause) need_silo "${1:-}"; kill -STOP "$(silo_pid "$1")"; say "silo $1 paused" ;;
  resume) need_silo "${1:-}"; kill -CONT "$(silo_pid "$1")"; say "silo $1 resumed" ;;
  kill) need_silo "${1:-}"; kill -KILL "$(silo_pid "$1")"; say "silo $1 killed" ;;
  start)
    # A killed (or exited) silo brought back on the same address, as its supervisor would.
    need_silo "${1:-}"; ! alive "$(silo_pid "$1")" || fail "silo $1 is running"
    [ -n "$silo_dll" ] || silo_dll=$(cat "$state/silo-dll")
    start_silo "$1"; wait_ready "$1" ;;
  pause-redis) kill -STOP "$(cat "$state/redis.pid")"; say "Redis paused" ;;
  resume-redis) kill -CONT "$(cat "$state/redis.pid")"; say "Redis resumed" ;;
  restart-redis)
    kill -KILL "$(cat "$state/redis.pid")"; sleep 0.5
    start_redis; say "Redis restarted empty" ;;
  *) fail "unknown command $command (up, down, status, partition, heal, oneway, cut-redis, netem, cut-client, heal-client, pause, resume, kill, start, pause-redis, resume-redis, restart-redis)" ;;
esac
