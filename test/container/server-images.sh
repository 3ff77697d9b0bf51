# Sourced by test/container/cluster.sh. Local stand-ins for the public server images compose.cluster.yaml
# names (postgres:15-bookworm, redis:7-bookworm), made from Debian's own packages because no image registry
# is reachable here. Test scaffolding only: they honour the part of the public images' contract the compose
# file uses (POSTGRES_USER / POSTGRES_PASSWORD / POSTGRES_DB on first start, data in
# /var/lib/postgresql/data, listening on every interface with password authentication; `redis-server` with
# the arguments the compose file gives). Nothing about them goes into compose.cluster.yaml.
# Needs: docker() (podman), $SUDO, $WORK and fail() from the caller.

debian_mirror() {
  local mirror
  mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  echo "${mirror:-http://deb.debian.org/debian}"
}

make_postgres_image() {
  local name=docker.io/library/postgres:15-bookworm
  if docker image exists "$name"; then echo "$name: present"; return; fi
  local rootfs="$WORK/rootfs-postgres"
  $SUDO debootstrap --variant=minbase --include=postgresql-15,gosu bookworm "$rootfs" "$(debian_mirror)" >/dev/null ||
    fail "debootstrap for $name"
  $SUDO tee "$rootfs/usr/local/bin/docker-entrypoint.sh" >/dev/null <<'ENTRY'
#!/bin/sh
# Stand-in for the public postgres image's entry point: initialise $PGDATA once, then run as postgres.
set -eu
: "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD must be set}"
POSTGRES_USER=${POSTGRES_USER:-postgres}
POSTGRES_DB=${POSTGRES_DB:-$POSTGRES_USER}
mkdir -p "$PGDATA" /var/run/postgresql
chown -R postgres:postgres "$PGDATA" /var/run/postgresql
chmod 0700 "$PGDATA"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  printf '%s' "$POSTGRES_PASSWORD" >/tmp/pwfile && chown postgres /tmp/pwfile
  gosu postgres initdb -D "$PGDATA" -U "$POSTGRES_USER" --pwfile=/tmp/pwfile --auth-host=scram-sha-256 --auth-local=trust >/dev/null
  rm -f /tmp/pwfile
  echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
  echo "listen_addresses = '*'" >>"$PGDATA/postgresql.auto.conf"
  if [ "$POSTGRES_DB" != postgres ]; then
    gosu postgres postgres --single -D "$PGDATA" -j postgres >/dev/null <<SQL
CREATE DATABASE "$POSTGRES_DB" OWNER "$POSTGRES_USER";
SQL
  fi
fi
if [ "${1:-}" = postgres ]; then shift; exec gosu postgres postgres -D "$PGDATA" "$@"; fi
exec "$@"
ENTRY
  $SUDO chmod 0755 "$rootfs/usr/local/bin/docker-entrypoint.sh"
  $SUDO tar -C "$rootfs" -c . | docker import \
    --change 'ENV PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV PGDATA=/var/lib/postgresql/data' \
    --change 'ENTRYPOINT ["docker-entrypoint.sh"]' --change 'CMD ["postgres"]' \
    --change 'EXPOSE 5432' - "$name" >/dev/null 2>&1 || fail "import $name"
  $SUDO rm -rf "$rootfs"
  echo "$name: made"
}

make_redis_image() {
  local name=docker.io/library/redis:7-bookworm
  if docker image exists "$name"; then echo "$name: present"; return; fi
  local rootfs="$WORK/rootfs-redis"
  $SUDO debootstrap --variant=minbase --include=redis-server bookworm "$rootfs" "$(debian_mirror)" >/dev/null ||
    fail "debootstrap for $name"
  # The public image runs redis-server in /data with no config file: protected mode off, every interface.
  $SUDO mkdir -p "$rootfs/data"
  $SUDO tar -C "$rootfs" -c . | docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'WORKDIR /data' --change 'CMD ["redis-server"]' --change 'EXPOSE 6379' - "$name" >/dev/null 2>&1 ||
    fail "import $name"
  $SUDO rm -rf "$rootfs"
  echo "$name: made"
}
