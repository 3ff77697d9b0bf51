#!/usr/bin/env bash
# The container check: build the real Dockerfile, run the image exactly as docs/daemon.md tells users to
# (`docker run …`, here with podman), wait for the HEALTHCHECK to report healthy, request a demo report over
# HTTP from outside the container, download its bundle and verify it, then SIGTERM and expect a clean exit 0.
# Then the same for compose.yaml (`docker compose up -d`, here podman-compose), and for compose.cluster.yaml:
# PostgreSQL, Redis, the emulator, one web and two worker replicas; a report requested through the web role
# is collected by the workers and verifies.
#
# No Docker engine and no image registry are reachable here, so (test scaffolding only, see STACK.md):
#   - rootful podman from Debian stands in for docker; CONTAINERS_CONF points it at runc and cgroupfs with
#     ulimits this machine accepts, so the command lines stay the documented ones;
#   - the public base images are made locally under their public names: the slim one by debootstrap plus this
#     machine's node, the full one as the slim one plus the compilers better-sqlite3 needs.
# Takes about 80 s with the base images and build layers in podman's store, about 5½ min on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)

IMAGE=evidentia:latest
NAME=evidentia-check
PORT=${EVIDENTIA_CHECK_PORT:-8080}
WORK=$(mktemp -d /tmp/evidentia-container.XXXXXX)
BIN=${EVIDENTIA_BIN:-$ROOT/bin/evidentia.js}
SUDO=''
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null; then SUDO='sudo'; fi

STARTED=$SECONDS
step() { printf '\n==> [%3ds] %s\n' "$((SECONDS - STARTED))" "$*"; }
fail() { printf 'container check FAILED: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------------------
step "podman and friends"
# podman-compose runs compose.yaml; the CNI dnsname plugin lets its services find each other by name.
if ! command -v podman >/dev/null || ! command -v debootstrap >/dev/null || ! command -v podman-compose >/dev/null ||
  [ ! -e /usr/lib/cni/dnsname ]; then
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends podman runc catatonit fuse-overlayfs uidmap debootstrap \
    podman-compose golang-github-containernetworking-plugin-dnsname >/dev/null
fi
cat >"$WORK/containers.conf" <<'CONF'
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=1000:1000"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
export CONTAINERS_CONF="$WORK/containers.conf"
docker() { $SUDO env CONTAINERS_CONF="$CONTAINERS_CONF" podman "$@"; }

COMPOSE_FILE_ARG=()
compose() {
  $SUDO env CONTAINERS_CONF="$CONTAINERS_CONF" EVIDENTIA_OFFICER_TOKEN_SHA256="${EVIDENTIA_OFFICER_TOKEN_SHA256:-}" \
    EVIDENTIA_DB_PASSWORD="${EVIDENTIA_DB_PASSWORD:-}" EVIDENTIA_REDIS_PASSWORD="${EVIDENTIA_REDIS_PASSWORD:-}" \
    podman-compose "${COMPOSE_FILE_ARG[@]}" -p "$PROJECT" "$@"
}
PROJECT=evidentia-check
compose_down() {
  # podman-compose 1.0.3 leaves the anonymous volumes of the image's VOLUMEs behind: remove them too.
  local anon='' id
  for id in $(docker ps -a --filter "label=io.podman.compose.project=$PROJECT" --format '{{.ID}}' 2>/dev/null); do
    anon+=" $(docker inspect "$id" --format '{{range .Mounts}}{{if eq .Type "volume"}}{{.Name}} {{end}}{{end}}' 2>/dev/null || true)"
  done
  (cd "$ROOT" && compose down -v >/dev/null 2>&1) || true
  for id in $anon; do docker volume rm -f "$id" >/dev/null 2>&1 || true; done
  # … and its network, which would otherwise be reused by the next `up` as it was made.
  docker network rm -f "${PROJECT}_default" >/dev/null 2>&1 || true
}

cleanup() {
  docker rm -f "$NAME" >/dev/null 2>&1 || true
  docker volume rm -f evidentia-check-output evidentia-check-state >/dev/null 2>&1 || true
  if [ -n "${COMPOSE_UP:-}" ]; then compose_down; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# ---------------------------------------------------------------------------------------------------------
step "local stand-ins for the public base images"
make_base() { # <image name>
  local name=$1
  if docker image exists "$name"; then echo "$name: present"; return; fi
  local mirror rootfs
  mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  mirror=${mirror:-http://deb.debian.org/debian}
  rootfs="$WORK/rootfs-$(echo "$name" | tr ':/' '--')"
  $SUDO debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >/dev/null
  $SUDO install -m 0755 "$(command -v node)" "$rootfs/usr/local/bin/node"
  local npm_dir
  npm_dir=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")
  $SUDO mkdir -p "$rootfs/usr/local/lib/node_modules"
  $SUDO cp -a "$npm_dir" "$rootfs/usr/local/lib/node_modules/npm"
  $SUDO ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
  $SUDO ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
  local changes=(--change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' --change 'CMD ["node"]')
  # The public images carry node's headers in /usr/local/include/node; node-gyp (better-sqlite3) needs them
  # and cannot download them here.
  local headers
  headers=$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")/include/node
  if [ -d "$headers" ]; then
    $SUDO mkdir -p "$rootfs/usr/local/include"
    $SUDO cp -a "$headers" "$rootfs/usr/local/include/node"
    changes+=(--change 'ENV npm_config_nodedir=/usr/local')
  fi
  if [ -n "${NODE_EXTRA_CA_CERTS:-}" ] && [ -f "$NODE_EXTRA_CA_CERTS" ]; then
    $SUDO mkdir -p "$rootfs$(dirname "$NODE_EXTRA_CA_CERTS")"
    $SUDO cp "$NODE_EXTRA_CA_CERTS" "$rootfs$NODE_EXTRA_CA_CERTS"
    changes+=(--change "ENV NODE_EXTRA_CA_CERTS=$NODE_EXTRA_CA_CERTS")
  fi
  $SUDO tar -C "$rootfs" -c . | docker import "${changes[@]}" - "$name" >/dev/null 2>&1
  $SUDO rm -rf "$rootfs"
  echo "$name: made"
}
make_build_base() { # the full image: the slim one plus the compilers node-gyp needs for better-sqlite3
  local name=docker.io/library/node:24-bookworm
  if docker image exists "$name"; then echo "$name: present"; return; fi
  mkdir -p "$WORK/build-base"
  printf '%s\n' 'FROM docker.io/library/node:24-bookworm-slim' \
    'RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends python3 make g++ >/dev/null && rm -rf /var/lib/apt/lists/*' \
    >"$WORK/build-base/Containerfile"
  docker build --pull=never --network=host -t "$name" "$WORK/build-base" >"$WORK/build-base.log" 2>&1 ||
    { tail -20 "$WORK/build-base.log"; fail "could not make $name"; }
  echo "$name: made"
}
make_base docker.io/library/node:24-bookworm-slim
make_build_base

# ---------------------------------------------------------------------------------------------------------
step "docker build -t $IMAGE ."
# --pull=never: the bases are the local stand-ins; --format docker keeps the HEALTHCHECK.
docker build --pull=never --network=host --format docker -t "$IMAGE" . >"$WORK/build.log" 2>&1 ||
  { tail -40 "$WORK/build.log"; fail "the image did not build"; }
[ "$(docker image inspect "$IMAGE" --format '{{.Config.User}}')" = "1000:1000" ] || fail "the image does not run as 1000:1000"
docker image inspect "$IMAGE" --format '{{json .Config.Healthcheck}}' | grep -q healthz || fail "no HEALTHCHECK on /healthz"
if docker run --rm --entrypoint sh "$IMAGE" -c 'command -v g++ || command -v make || test -d /app/node_modules/typescript || test -d /app/node_modules/vitest' 2>/dev/null; then
  fail "the runtime image carries build tools or dev dependencies"
fi

# ---------------------------------------------------------------------------------------------------------
step "docker run (the demo, as docs/daemon.md shows it)"
# (podman without systemd complains that it cannot schedule healthchecks; they are run on demand below.)
docker run -d --name "$NAME" --init -p "127.0.0.1:$PORT:8080" \
  -v evidentia-check-output:/data/output -v evidentia-check-state:/data/.evidentia \
  "$IMAGE" daemon --demo --host 0.0.0.0 --port 8080 >/dev/null 2>"$WORK/run.err" || { cat "$WORK/run.err"; fail "docker run"; }
URL="http://127.0.0.1:$PORT"

step "waiting for the healthcheck to report healthy"
healthy=''
for _ in $(seq 1 60); do
  # Without systemd, podman runs a container's HEALTHCHECK when asked; it records the result in its state.
  if docker healthcheck run "$NAME" >/dev/null 2>&1; then
    status=$(docker inspect "$NAME" --format '{{.State.Health.Status}}' 2>/dev/null || docker inspect "$NAME" --format '{{.State.Healthcheck.Status}}')
    if [ "$status" = healthy ]; then healthy=1; break; fi
  fi
  docker inspect "$NAME" --format '{{.State.Running}}' | grep -q true || { docker logs "$NAME" | tail -20; fail "the container stopped"; }
  sleep 1
done
[ -n "$healthy" ] || { docker logs "$NAME" | tail -20; fail "never healthy"; }
echo "healthy"

TOKEN=$(docker logs "$NAME" 2>/dev/null | sed -n 's/^One-time officer token (valid until this process stops): //p' | head -1)
[ -n "$TOKEN" ] || fail "no officer token in the container's output"
AUTH="authorization: Bearer $TOKEN"

step "requesting a demo report over HTTP from outside the container"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$URL/api/runs")" = 401 ] || fail "the API answered without a token"
RUN=$(curl -sf -X POST -H "$AUTH" -H 'content-type: application/json' -d '{"profile":"healthcare"}' "$URL/api/reports" |
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).runId))')
echo "run $RUN"
status=running
for _ in $(seq 1 180); do
  status=$(curl -sf -H "$AUTH" "$URL/api/runs/$RUN" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const r=JSON.parse(s);console.log(r.status);if(r.progress)console.error(`  ${r.progress.phase} ${r.progress.tasksDone}/${r.progress.tasksTotal}`)})')
  [ "$status" = running ] || break
  sleep 1
done 2> >(uniq >&2)
[ "$status" = completed ] || fail "the run ended $status"

step "downloading the bundle and verifying it"
curl -sf -H "$AUTH" -o "$WORK/bundle.tar.gz" "$URL/api/runs/$RUN/bundle"
# The trust anchor: the trial key's certificate, taken from the container (its state volume), never its key.
docker cp "$NAME:/data/.evidentia/keys/trial-signer.pem" "$WORK/trial-signer.pem"
openssl x509 -in "$WORK/trial-signer.pem" -out "$WORK/trial-cert.pem" && rm -f "$WORK/trial-signer.pem"
node "$BIN" verify "$WORK/bundle.tar.gz" --trust "$WORK/trial-cert.pem" | tail -3
curl -sf -H "$AUTH" -o "$WORK/report.pdf" "$URL/api/runs/$RUN/report.pdf"
head -c 5 "$WORK/report.pdf" | grep -q '%PDF-' || fail "the report is not a PDF"

step "docker stop (SIGTERM): a clean exit"
docker stop -t 30 "$NAME" >/dev/null
code=$(docker inspect "$NAME" --format '{{.State.ExitCode}}')
docker logs "$NAME" 2>/dev/null | grep -q 'Evidentia daemon stopped.' || fail "no orderly stop in the logs"
[ "$code" = 0 ] || { docker logs "$NAME" | tail -20; fail "exit code $code"; }
echo "exit code 0"

# ---------------------------------------------------------------------------------------------------------
step "docker compose up -d (here: podman-compose) — the daemon against the demo emulator"
export EVIDENTIA_OFFICER_TOKEN=$(openssl rand -hex 32)
export EVIDENTIA_OFFICER_TOKEN_SHA256=$(printf %s "$EVIDENTIA_OFFICER_TOKEN" | sha256sum | cut -d' ' -f1)
COMPOSE_UP=1
compose_down # a network left by an earlier run may predate the DNS plugin: start afresh
compose up -d >"$WORK/compose.log" 2>&1 || { tail -30 "$WORK/compose.log"; fail "compose up"; }
AUTH="authorization: Bearer $EVIDENTIA_OFFICER_TOKEN"
# docker compose starts the daemon only once the emulator is healthy; podman-compose 1.0.3 ignores that
# condition, so wait for both here.
ok=''
for _ in $(seq 1 90); do
  if docker healthcheck run "${PROJECT}_emulator_1" >/dev/null 2>&1 &&
    curl -sf http://127.0.0.1:8080/readyz >/dev/null 2>&1 &&
    curl -sf -H "$AUTH" http://127.0.0.1:8080/api/profiles >/dev/null 2>&1; then ok=1; break; fi
  sleep 1
done
[ -n "$ok" ] || { docker logs "${PROJECT}_daemon_1" 2>&1 | tail -20; fail "the compose services never became ready"; }
RUN=$(curl -sf -X POST -H "$AUTH" -H 'content-type: application/json' -d '{"profile":"retail"}' http://127.0.0.1:8080/api/reports |
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).runId))')
echo "run $RUN"
for _ in $(seq 1 180); do
  view=$(curl -sf -H "$AUTH" "http://127.0.0.1:8080/api/runs/$RUN")
  status=$(printf %s "$view" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).status))')
  [ "$status" = running ] || break
  sleep 1
done
[ "$status" = completed ] || { printf '%s\n' "$view" | head -c 2000; fail "the compose run ended $status"; }
curl -sf -H "$AUTH" -o "$WORK/compose-bundle.tar.gz" "http://127.0.0.1:8080/api/runs/$RUN/bundle"
docker cp "${PROJECT}_daemon_1:/data/.evidentia/keys/trial-signer.pem" "$WORK/compose-trial-signer.pem"
openssl x509 -in "$WORK/compose-trial-signer.pem" -out "$WORK/compose-trial-cert.pem" && rm -f "$WORK/compose-trial-signer.pem"
node "$BIN" verify "$WORK/compose-bundle.tar.gz" --trust "$WORK/compose-trial-cert.pem" | tail -1

step "docker compose down"
compose_down
COMPOSE_UP=''

# ---------------------------------------------------------------------------------------------------------
step "the cluster (compose.cluster.yaml): PostgreSQL, Redis, the emulator, one web and two worker replicas"
. test/container/server-images.sh
make_postgres_image
make_redis_image
PROJECT=evidentia-cluster-check
COMPOSE_FILE_ARG=(-f compose.cluster.yaml)
export EVIDENTIA_DB_PASSWORD=$(openssl rand -hex 16) EVIDENTIA_REDIS_PASSWORD=$(openssl rand -hex 16)
COMPOSE_UP=1
compose_down
compose up -d >"$WORK/cluster.log" 2>&1 || { tail -30 "$WORK/cluster.log"; fail "compose -f compose.cluster.yaml up"; }
ok=''
for _ in $(seq 1 120); do
  if curl -sf http://127.0.0.1:8080/readyz >/dev/null 2>&1 &&
    curl -sf -H "$AUTH" http://127.0.0.1:8080/api/profiles >/dev/null 2>&1; then ok=1; break; fi
  sleep 1
done
[ -n "$ok" ] || { for s in web worker-1 worker-2; do docker logs "${PROJECT}_${s}_1" 2>&1 | tail -8; done; fail "the cluster never became ready"; }
RUN=$(curl -sf -X POST -H "$AUTH" -H 'content-type: application/json' -d '{"profile":"healthcare"}' http://127.0.0.1:8080/api/reports |
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).runId))')
echo "run $RUN (requested from the web replica)"
for _ in $(seq 1 240); do
  view=$(curl -sf -H "$AUTH" "http://127.0.0.1:8080/api/runs/$RUN")
  status=$(printf %s "$view" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).status))')
  [ "$status" = running ] || break
  sleep 1
done
[ "$status" = completed ] || { printf '%s\n' "$view" | head -c 2000; for s in web worker-1 worker-2; do docker logs "${PROJECT}_${s}_1" 2>&1 | tail -8; done; fail "the cluster run ended $status"; }
# The web replica collects nothing itself: the accounts were collected by the workers.
accounts_by() { docker logs "${PROJECT}_$1_1" 2>&1 | grep -c "\"runId\":\"$RUN\".*account collected" || true; }
web_accounts=$(accounts_by web)
w1=$(accounts_by worker-1)
w2=$(accounts_by worker-2)
echo "accounts collected: web $web_accounts, worker-1 $w1, worker-2 $w2"
[ "$web_accounts" = 0 ] || fail "the web replica collected accounts itself"
[ $((w1 + w2)) -gt 0 ] || fail "no worker reported an account collected"
curl -sf -H "$AUTH" -o "$WORK/cluster-bundle.tar.gz" "http://127.0.0.1:8080/api/runs/$RUN/bundle"
docker cp "${PROJECT}_web_1:/data/.evidentia/keys/trial-signer.pem" "$WORK/cluster-trial-signer.pem"
openssl x509 -in "$WORK/cluster-trial-signer.pem" -out "$WORK/cluster-trial-cert.pem" && rm -f "$WORK/cluster-trial-signer.pem"
node "$BIN" verify "$WORK/cluster-bundle.tar.gz" --trust "$WORK/cluster-trial-cert.pem" | tail -1

step "docker compose -f compose.cluster.yaml down"
compose_down
COMPOSE_UP=''

step "container check passed"
