# Shared by the scripts in tools/: sourced, never run. Each script sets SCRIPT before sourcing.

fail() { echo "${SCRIPT:-tools}: $*" >&2; exit 1; }

# Runs a command as root: directly when root, through passwordless sudo otherwise; fails if neither is possible.
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo "$@"
  else return 1
  fi
}

# Installs the Debian packages named (only those given: the caller lists what is missing).
apt_install() {
  [ $# -eq 0 ] && return 0
  echo "Installing $* ..."
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq \
    && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null \
    || fail "could not install $*: install them (apt-get install $*) and run again"
}

# Starts the newest PostgreSQL cluster "main" if it is not running, waits until it answers, and prints its port.
postgres_main_port() {
  local version port
  version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
  [ -n "$version" ] || fail "PostgreSQL is installed but has no cluster: run 'pg_createcluster <version> main'"
  if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" && $4 == "online"' | grep -q .; then
    as_root pg_ctlcluster "$version" main start >&2 || fail "could not start PostgreSQL $version (pg_ctlcluster $version main start)"
  fi
  port=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {print $3}')
  for _ in $(seq 1 30); do
    as_root su postgres -c "psql -p $port -tAc 'select 1'" >/dev/null 2>&1 && break
    sleep 1
  done
  echo "$port"
}

# Creates a login role that may create databases, unless it exists; extra SQL (grants) may follow on stdin.
postgres_role() {
  local port=$1 role=$2 password=$3 extra
  extra=$(cat)
  as_root su postgres -c "psql -p $port -v ON_ERROR_STOP=1 -q" >/dev/null <<SQL || fail "could not create the role $role in PostgreSQL"
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$role') THEN
    CREATE ROLE $role LOGIN CREATEDB PASSWORD '$password';
  END IF;
END \$\$;
$extra
SQL
}
