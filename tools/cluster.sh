#!/usr/bin/env bash
# A SocialOps cluster on this machine, on loopback only: PostgreSQL for the data and the scheduler, Redis for live
# updates between instances, three instances, and nginx in front with sticky sessions and WebSockets.
#
#   tools/cluster.sh up       installs what is missing (Debian packages), starts everything, prints the URL
#   tools/cluster.sh status   each part and each instance's health
#   tools/cluster.sh down     stops the instances, nginx and Redis (PostgreSQL keeps running, with the data)
#
# Settings (environment): SOCIALOPS_CLUSTER_DIR (state, logs; default /tmp/socialops-cluster),
# SOCIALOPS_CLUSTER_PORT (nginx, default 8080), SOCIALOPS_CLUSTER_INSTANCES (default 3, on ports 5101, 5102, …),
# SOCIALOPS_CLUSTER_REDIS_PORT (default 6390), SOCIALOPS_CLUSTER_DATABASE (default socialops_cluster),
# SOCIALOPS_CLUSTER_SETTINGS (more settings for every instance, as NAME=value words, e.g. Security__ApiPerMinute=100000).
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)

STATE=${SOCIALOPS_CLUSTER_DIR:-/tmp/socialops-cluster}
PORT=${SOCIALOPS_CLUSTER_PORT:-8080}
INSTANCES=${SOCIALOPS_CLUSTER_INSTANCES:-3}
REDIS_PORT=${SOCIALOPS_CLUSTER_REDIS_PORT:-6390}
DATABASE=${SOCIALOPS_CLUSTER_DATABASE:-socialops_cluster}
ROLE=socialops_cluster
PASSWORD=socialops_cluster
FIRST_APP_PORT=5101
APP_DLL=$REPO/SocialOps.Web/bin/Release/net10.0/SocialOps.Web.dll

SCRIPT=tools/cluster.sh
. "$REPO/tools/lib.sh"

install_packages() {
  local missing=()
  command -v pg_ctlcluster >/dev/null || missing+=(postgresql)
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
  apt_install "${missing[@]}"
}

start_postgres() {
  local port
  port=$(postgres_main_port) || exit 1
  postgres_role "$port" "$ROLE" "$PASSWORD" </dev/null
  if ! as_root su postgres -c "psql -p $port -tAc \"select 1 from pg_database where datname = '$DATABASE'\"" | grep -q 1; then
    as_root su postgres -c "createdb -p $port -O $ROLE $DATABASE" || fail "could not create the database $DATABASE"
  fi
  # Three instances share PostgreSQL's 100 connections: 25 each leaves room for migrations, psql and the tests.
  echo "Host=127.0.0.1;Port=$port;Database=$DATABASE;Username=$ROLE;Password=$PASSWORD;Maximum Pool Size=25"
}

start_redis() {
  if redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then return 0; fi
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
    --pidfile "$STATE/redis.pid" --logfile "$STATE/redis.log" --dir "$STATE" >/dev/null \
    || fail "could not start Redis on port $REDIS_PORT (see $STATE/redis.log)"
  for _ in $(seq 1 30); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && return 0; sleep 0.2; done
  fail "Redis did not answer on port $REDIS_PORT (see $STATE/redis.log)"
}

app_env() {
  # What every instance shares; they differ only in --urls and their own Data__Directory.
  # (A file that the shell reads back, so each value is quoted.)
  printf '%s=%q\n' \
    ASPNETCORE_ENVIRONMENT Production \
    Database__Provider Postgres \
    ConnectionStrings__SocialOps "$1" \
    Redis__Connection "127.0.0.1:$REDIS_PORT" \
    ASPNETCORE_FORWARDEDHEADERS_ENABLED true
  # (The last one: the instances sit behind nginx on loopback and trust its forwarded headers.)
  local setting
  for setting in ${SOCIALOPS_CLUSTER_SETTINGS:-}; do printf '%s=%q\n' "${setting%%=*}" "${setting#*=}"; done
}

start_instances() {
  local connection=$1 i port
  [ -f "$APP_DLL" ] || { echo "Building SocialOps (Release) ..."; dotnet build "$REPO/SocialOps.Web" -c Release -v quiet -nologo >/dev/null || fail "the build failed: dotnet build SocialOps.Web -c Release"; }
  app_env "$connection" > "$STATE/app.env"
  for i in $(seq 1 "$INSTANCES"); do
    port=$((FIRST_APP_PORT + i - 1))
    if [ -f "$STATE/app$i.pid" ] && kill -0 "$(cat "$STATE/app$i.pid")" 2>/dev/null; then continue; fi
    mkdir -p "$STATE/app$i"
    (
      set -a; . "$STATE/app.env"; set +a
      export Data__Directory="$STATE/app$i"
      cd "$(dirname "$APP_DLL")"
      nohup dotnet "$APP_DLL" --urls "http://127.0.0.1:$port" > "$STATE/app$i.log" 2>&1 &
      echo $! > "$STATE/app$i.pid"
    )
  done
  for i in $(seq 1 "$INSTANCES"); do
    port=$((FIRST_APP_PORT + i - 1))
    for _ in $(seq 1 120); do
      curl -fs -o /dev/null "http://127.0.0.1:$port/health" && break
      kill -0 "$(cat "$STATE/app$i.pid")" 2>/dev/null || fail "instance $i stopped: $(tail -n 3 "$STATE/app$i.log")"
      sleep 1
    done
    curl -fs -o /dev/null "http://127.0.0.1:$port/health" || fail "instance $i did not answer on port $port (see $STATE/app$i.log)"
  done
}

write_nginx_config() {
  local servers="" i
  for i in $(seq 1 "$INSTANCES"); do
    servers+="        server 127.0.0.1:$((FIRST_APP_PORT + i - 1)) max_fails=1 fail_timeout=5s;"$'\n'
  done
  cat > "$STATE/nginx.conf" <<NGINX
worker_processes 1;
pid $STATE/nginx.pid;
error_log $STATE/nginx-error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $STATE/nginx-body;
    proxy_temp_path $STATE/nginx-proxy;
    fastcgi_temp_path $STATE/nginx-fastcgi;
    uwsgi_temp_path $STATE/nginx-uwsgi;
    scgi_temp_path $STATE/nginx-scgi;
    client_max_body_size 110m;

    # Sticky sessions: a browser's first request picks an instance by a fresh random key, which nginx hands back in
    # a cookie; every later request (and the Blazor circuit's WebSocket) hashes the same key to the same instance.
    map \$cookie_socialops_affinity \$affinity {
        ""      \$request_id;
        default \$cookie_socialops_affinity;
    }
    map \$http_upgrade \$connection_upgrade {
        default upgrade;
        ""      close;
    }
    upstream socialops {
        hash \$affinity consistent;
$servers    }
    server {
        listen 127.0.0.1:$PORT;
        location / {
            proxy_pass http://socialops;
            proxy_http_version 1.1;
            proxy_set_header Upgrade \$http_upgrade;
            proxy_set_header Connection \$connection_upgrade;
            proxy_set_header Host \$http_host;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto \$scheme;
            proxy_read_timeout 1h;
            proxy_buffering off;
            add_header Set-Cookie "socialops_affinity=\$affinity; Path=/; HttpOnly; SameSite=Lax" always;
            add_header X-SocialOps-Upstream \$upstream_addr always;
        }
    }
}
NGINX
}

start_nginx() {
  write_nginx_config
  local nginx_bin
  nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
  "$nginx_bin" -t -q -c "$STATE/nginx.conf" -p "$STATE" 2>"$STATE/nginx-test.log" || fail "nginx refused its configuration: $(cat "$STATE/nginx-test.log")"
  if [ -f "$STATE/nginx.pid" ] && kill -0 "$(cat "$STATE/nginx.pid")" 2>/dev/null; then
    "$nginx_bin" -c "$STATE/nginx.conf" -p "$STATE" -s reload
  else
    "$nginx_bin" -c "$STATE/nginx.conf" -p "$STATE" || fail "nginx did not start (see $STATE/nginx-error.log)"
  fi
}

stop_pidfile() {
  local file=$1 pid
  [ -f "$file" ] || return 0
  pid=$(cat "$file")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$file"
}

up() {
  install_packages
  mkdir -p "$STATE"
  local connection
  connection=$(start_postgres)
  start_redis
  # One instance applies the migrations first (the others would wait for its lock anyway) and creates the scheduler's tables.
  (set -a; . <(app_env "$connection"); set +a; export Data__Directory="$STATE/app1"; mkdir -p "$Data__Directory";
   [ -f "$APP_DLL" ] || dotnet build "$REPO/SocialOps.Web" -c Release -v quiet -nologo >/dev/null;
   dotnet "$APP_DLL" migrate > "$STATE/migrate.log" 2>&1) || fail "migrating the database failed: $(tail -n 3 "$STATE/migrate.log")"
  start_instances "$connection"
  start_nginx
  echo "SocialOps cluster: http://127.0.0.1:$PORT ($INSTANCES instances on ports $FIRST_APP_PORT-$((FIRST_APP_PORT + INSTANCES - 1)), PostgreSQL database $DATABASE, Redis on port $REDIS_PORT)"
  echo "First admin: (set -a; . $STATE/app.env; Data__Directory=$STATE/app1 dotnet $APP_DLL users create --email you@example.com --role Admin)"
}

down() {
  local i
  [ -f "$STATE/nginx.pid" ] && { (command -v nginx >/dev/null && nginx -c "$STATE/nginx.conf" -p "$STATE" -s quit 2>/dev/null) || stop_pidfile "$STATE/nginx.pid"; }
  for i in $(seq 1 "$INSTANCES"); do stop_pidfile "$STATE/app$i.pid"; done
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || stop_pidfile "$STATE/redis.pid"
  rm -f "$STATE/redis.pid"
  echo "SocialOps cluster stopped (the data stays in PostgreSQL database $DATABASE)."
}

status() {
  local i port pid
  printf '%-12s %s\n' "nginx" "$( [ -f "$STATE/nginx.pid" ] && kill -0 "$(cat "$STATE/nginx.pid")" 2>/dev/null && echo "running on http://127.0.0.1:$PORT" || echo stopped)"
  printf '%-12s %s\n' "redis" "$(redis-cli -p "$REDIS_PORT" ping 2>/dev/null || echo stopped)"
  printf '%-12s %s\n' "postgresql" "$(pg_lsclusters -h 2>/dev/null | awk '{print $4 " on port " $3}' | head -n 1)"
  for i in $(seq 1 "$INSTANCES"); do
    port=$((FIRST_APP_PORT + i - 1))
    pid=$( [ -f "$STATE/app$i.pid" ] && cat "$STATE/app$i.pid" || echo "")
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      printf '%-12s %s\n' "instance $i" "port $port, $(curl -s "http://127.0.0.1:$port/health" | tr -d ' \n' | head -c 60)"
    else
      printf '%-12s %s\n' "instance $i" "stopped"
    fi
  done
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  *) echo "usage: tools/cluster.sh up|down|status" >&2; exit 2 ;;
esac
