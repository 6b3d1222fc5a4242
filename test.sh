#!/usr/bin/env bash
# The README's test command: installs what the tests need on a fresh Debian machine with the .NET SDK, then runs them.
#   redis-server  the multi-process cluster tests keep Orleans membership in it (127.0.0.1 only, stopped at the end)
#   chromium      the viewer tests drive Debian's Chromium headless through Playwright (no browser download)
#   nodejs, npm   the viewer's build takes D3 from the npm registry
#   faketime      a silo process whose host clock jumps runs under libfaketime
#   promtool, prometheus  taken out of Debian's prometheus package, not installed (installing starts a server)
# Each is then required: a test that finds its tool missing fails instead of skipping. Extra arguments go to dotnet test.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
apt_get() {
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get "$@" >/dev/null 2>&1 \
    || { "${sudo[@]}" apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get "$@" >/dev/null; }
}

need=()
command -v redis-server >/dev/null || need+=(redis-server)
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v npm >/dev/null || need+=(nodejs npm)
faketime_lib() { find /usr/lib -name libfaketime.so.1 -print -quit 2>/dev/null; }
[ -n "$(faketime_lib)" ] || need+=(faketime)
if [ ${#need[@]} -gt 0 ]; then
  echo "test.sh: installing ${need[*]}" >&2
  apt_get install -y "${need[@]}"
fi

redis_port=${SPIGO_TEST_REDIS_PORT:-6379}
if ! redis-cli -h 127.0.0.1 -p "$redis_port" ping >/dev/null 2>&1; then
  redis_dir=$(mktemp -d)
  redis-server --bind 127.0.0.1 --port "$redis_port" --protected-mode yes --save '' --appendonly no \
    --dir "$redis_dir" --daemonize yes --pidfile "$redis_dir/redis.pid" >/dev/null
  trap 'redis-cli -h 127.0.0.1 -p '"$redis_port"' shutdown nosave >/dev/null 2>&1 || true' EXIT
  for _ in $(seq 50); do redis-cli -h 127.0.0.1 -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
fi

promtool=$(command -v promtool || true)
prometheus=$(command -v prometheus || true)
if [ -z "$promtool" ] || [ -z "$prometheus" ]; then
  tools=${XDG_CACHE_HOME:-$HOME/.cache}/spigo-test-tools
  if [ ! -x "$tools/root/usr/bin/promtool" ] || [ ! -x "$tools/root/usr/bin/prometheus" ]; then
    rm -rf "$tools" && mkdir -p "$tools"
    (cd "$tools" && { apt-get download prometheus >/dev/null 2>&1 || { "${sudo[@]}" apt-get update >/dev/null && apt-get download prometheus >/dev/null; }; } \
      && dpkg-deb -x prometheus_*.deb root)
  fi
  promtool="$tools/root/usr/bin/promtool"
  prometheus="$tools/root/usr/bin/prometheus"
fi
"$promtool" --version >/dev/null
"$prometheus" --version >/dev/null

export SPIGO_TEST_REDIS="127.0.0.1:$redis_port" SPIGO_TEST_CHROMIUM=/usr/bin/chromium SPIGO_TEST_FAKETIME="$(faketime_lib)" \
  SPIGO_TEST_PROMTOOL="$promtool" SPIGO_TEST_PROMETHEUS="$prometheus"
dotnet test "$@"
