#!/usr/bin/env bash
# Starts throw-away PostgreSQL and Redis servers on loopback for the test suite and prints the
# DATABASE_URL / REDIS_URL lines to `eval`. Used by .ci/run and by developers without servers of their own:
#   eval "$(scripts/test-services.sh start)"   ...   scripts/test-services.sh stop
# Data lives under $TEST_SERVICES_DIR (default /tmp/carrot-bridge-test) and is wiped on start.
set -euo pipefail

dir=${TEST_SERVICES_DIR:-/tmp/carrot-bridge-test}
pg_port=${TEST_PG_PORT:-55432}
redis_port=${TEST_REDIS_PORT:-56379}

pg_bin() {
  local name=$1
  if command -v "$name" >/dev/null 2>&1; then command -v "$name"; return; fi
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$found" ] && [ -x "$found/$name" ] && { echo "$found/$name"; return; }
  echo "error: PostgreSQL's $name not found (install Debian's postgresql package)" >&2
  exit 1
}

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  stop >/dev/null 2>&1 || true
  command -v redis-server >/dev/null || { echo "error: redis-server not found (apt-get install redis-server)" >&2; exit 1; }
  rm -rf "$dir" && mkdir -p "$dir/pg" "$dir/redis"
  # As root the cluster runs as postgres, which must be able to enter the folder whatever the umask.
  chmod 755 "$dir"
  [ "$(id -u)" = 0 ] && chown -R postgres "$dir/pg"
  as_postgres "$(pg_bin initdb)" -D "$dir/pg" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  # fsync off: a throw-away test cluster, durability is not what these tests measure.
  as_postgres "$(pg_bin pg_ctl)" -D "$dir/pg" -l "$dir/pg/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $pg_port -k /tmp -c fsync=off -c max_connections=300" start >/dev/null
  redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
    --dir "$dir/redis" --pidfile "$dir/redis/redis.pid" --logfile "$dir/redis/redis.log" --maxmemory-policy noeviction
  for _ in $(seq 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
  redis-cli -p "$redis_port" ping >/dev/null || { echo "error: redis did not start" >&2; exit 1; }
  echo "export DATABASE_URL=postgresql://postgres@127.0.0.1:$pg_port/postgres"
  echo "export REDIS_URL=redis://127.0.0.1:$redis_port"
}

stop() {
  if [ -f "$dir/pg/postmaster.pid" ]; then as_postgres "$(pg_bin pg_ctl)" -D "$dir/pg" -m fast stop >/dev/null || true; fi
  # By its pid file, not its port: `stop` needs no TEST_REDIS_PORT to find the server `start` made.
  if [ -f "$dir/redis/redis.pid" ]; then
    local pid
    pid=$(cat "$dir/redis/redis.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
