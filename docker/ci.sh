#!/usr/bin/env bash
# The container, proven: build the image from docker/Dockerfile, run it, and replay every shipped
# story against it, on a machine with no Docker engine running (CI's). `.ci/run` calls it; run it
# by hand from a clone as root:   bash docker/ci.sh
#
#  1. installs what is missing (Debian's docker.io and docker-compose);
#  2. starts a private engine: its own containerd and dockerd, data, exec root, pidfiles and
#     sockets under one temporary directory, no default bridge and no iptables rules;
#  3. pulls node:20-bookworm-slim, or, where nothing can be pulled, makes a stand-in for it from
#     this machine's own files (docker/standin-base.sh), so the Dockerfile's FROM resolves as is;
#  4. builds the image, runs it on a free port, waits (bounded) for `healthy`, checks that it
#     runs as uid 1000 and its size;
#  5. replays every story inside the image against it, the strict-mode stories against a second
#     container started with LINKSTACK_ENFORCE_IAM=strict;
#  6. runs the compose file's own `tests` service and the Testcontainers example against the image;
#  7. stops everything by pid and removes what it made, also when a step fails.
# Timings go to stdout as `docker/ci: …` lines; the last one is the total.
set -euo pipefail
cd "$(dirname "$0")/.."

start_s=$SECONDS
log() { echo "docker/ci: $*"; }
fail() { echo "docker/ci: FAILED: $*" >&2; exit 1; }
ms() { echo $(($(date +%s%N) / 1000000)); }

# --- 1. tools ----------------------------------------------------------------------------
# Debian's client (20.10) on purpose: a newer `docker` elsewhere on PATH may lack buildx, and
# then every BuildKit build fails.
missing=()
[ -x /usr/bin/docker ] && [ -x /usr/sbin/dockerd ] && command -v containerd >/dev/null || missing+=(docker.io)
command -v docker-compose >/dev/null || missing+=(docker-compose)
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
docker=/usr/bin/docker

# --- 2. a private engine ---------------------------------------------------------------------
work="$(mktemp -d /tmp/linkstack-docker.XXXXXX)"
mkdir -p "$work/data" "$work/exec" "$work/containerd" "$work/bin"
export DOCKER_HOST="unix://$work/docker.sock"
# docker-compose runs `docker build` from PATH: make that Debian's client too.
ln -s "$docker" "$work/bin/docker"
export PATH="$work/bin:$PATH"
export DOCKER_BUILDKIT=1 COMPOSE_DOCKER_CLI_BUILD=1
project="linkstack-ci-$$"
containers=()
containerd_pid=""
dockerd_pid=""
npm_pid=""

stop_pid() { # pid, seconds to wait after SIGTERM before SIGKILL
  local pid="$1" i
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < $2 * 10; i++)); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  set +e
  if [ "$status" -ne 0 ] && [ -f "$work/dockerd.log" ]; then
    echo "docker/ci: the engine's last log lines:" >&2
    tail -n 20 "$work/dockerd.log" >&2
  fi
  if [ -n "$dockerd_pid" ] && kill -0 "$dockerd_pid" 2>/dev/null; then
    [ -f "$work/compose.ci.yml" ] && timeout 60 "${compose[@]}" down --volumes --remove-orphans >/dev/null 2>&1
    for c in "${containers[@]}"; do timeout 30 "$docker" rm -f "$c" >/dev/null 2>&1; done
  fi
  stop_pid "$npm_pid" 5
  stop_pid "$dockerd_pid" 20
  stop_pid "$containerd_pid" 10
  # Mounts left under the work directory (the engine's netns/default, an overlay of a killed
  # container), deepest first, so that the directories can go.
  grep -o " $work[^ ]*" /proc/mounts | sort -r | while read -r m; do umount -l "$m"; done
  rm -rf "$work"
  log "$( [ "$status" -eq 0 ] && echo "passed" || echo "failed (exit $status)") in $((SECONDS - start_s)) s; engine stopped, $work removed"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

t=$(ms)
printf 'version = 2\nroot = "%s"\nstate = "%s"\n[grpc]\n  address = "%s"\n' \
  "$work/containerd/root" "$work/exec/containerd" "$work/containerd.sock" >"$work/containerd.toml"
containerd --config "$work/containerd.toml" >"$work/containerd.log" 2>&1 &
containerd_pid=$!
echo '{}' >"$work/daemon.json"
dockerd --config-file "$work/daemon.json" --containerd "$work/containerd.sock" \
  --data-root "$work/data" --exec-root "$work/exec" --pidfile "$work/dockerd.pid" \
  --host "$DOCKER_HOST" --bridge=none --iptables=false --ip6tables=false >"$work/dockerd.log" 2>&1 &
dockerd_pid=$!
for ((i = 0; i < 300; i++)); do
  "$docker" version >/dev/null 2>&1 && break
  kill -0 "$dockerd_pid" 2>/dev/null || fail "dockerd exited while starting"
  sleep 0.1
done
"$docker" version >/dev/null 2>&1 || fail "dockerd did not answer within 30 s"
log "private engine up in $(($(ms) - t)) ms ($("$docker" version -f 'Engine {{.Server.Version}}'), $DOCKER_HOST)"

# The Testcontainers example's packages install while the image builds (both mostly wait on the
# network). No install scripts: they only build optional native helpers (ssh2's, cpu-features')
# that a local engine does not use, and they cost half a minute.
if [ -d examples/testcontainers/node_modules ]; then
  (exit 0) &
else
  (cd examples/testcontainers && npm ci --prefer-offline --ignore-scripts --no-audit --no-fund) >"$work/testcontainers-npm.log" 2>&1 &
fi
npm_pid=$!

# --- 3. the base image -------------------------------------------------------------------
t=$(ms)
base=node:20-bookworm-slim
if timeout 60 "$docker" pull -q "$base" >/dev/null 2>&1; then
  base_kind="pulled"
else
  DOCKER="$docker" bash docker/standin-base.sh "$base"
  base_kind="stand-in made from this machine's files"
fi
base_bytes=$("$docker" image inspect -f '{{.Size}}' "$base")
log "base $base: $base_kind, $((base_bytes / 1000000)) MB, in $(($(ms) - t)) ms"

# --- 4. build, run, healthy, uid 1000, size --------------------------------------------------
# An extra CA for npm behind a TLS-intercepting proxy: the certificates this machine added to its
# trust store (Debian's /usr/local/share/ca-certificates), or LINKSTACK_EXTRA_CA_FILE.
extra_ca=""
if [ -n "${LINKSTACK_EXTRA_CA_FILE:-}" ]; then
  extra_ca="$(cat "$LINKSTACK_EXTRA_CA_FILE")"
elif compgen -G '/usr/local/share/ca-certificates/*.crt' >/dev/null; then
  extra_ca="$(cat /usr/local/share/ca-certificates/*.crt)"
fi
export LINKSTACK_EXTRA_CA_CERT="$extra_ca"
image=linkstack:local
t=$(ms)
# --network host: the engine has no default bridge, and `npm ci` in the build needs the network.
"$docker" build --network host --build-arg EXTRA_CA_CERT="$LINKSTACK_EXTRA_CA_CERT" -f docker/Dockerfile -t "$image" . >"$work/build.log" 2>&1 ||
  { tail -n 40 "$work/build.log" >&2; fail "docker build"; }
build_ms=$(($(ms) - t))
image_bytes=$("$docker" image inspect -f '{{.Size}}' "$image")
added_mb=$(((image_bytes - base_bytes) / 1000000))
log "built $image from docker/Dockerfile in $build_ms ms: $((image_bytes / 1000000)) MB, of which linkstack adds $added_mb MB to the base"
# The bundle (about 14 MB with its source maps), the managed-policy catalog (31 MB), the dashboard and
# the stories; node_modules (60 MB and more) must not come back.
[ "$added_mb" -le 60 ] || fail "the image adds $added_mb MB to its base (more than 60 MB)"

"$docker" network create "$project" >/dev/null
free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }

# run NAME PORT_VARIABLE [docker run options]: starts a detached container publishing 4566 on a
# free loopback port, which it stores in PORT_VARIABLE (not a subshell: containers[] must grow).
run() {
  local name="$1" var="$2" port
  shift 2
  port=$(free_port)
  "$docker" run -d --name "$name" --network "$project" -p "127.0.0.1:$port:4566" "$@" "$image" >/dev/null
  containers+=("$name")
  printf -v "$var" '%s' "$port"
}

# wait_healthy NAME START_MS: polls the engine's health status, at most 60 s.
wait_healthy() {
  local name="$1" started="$2" status deadline=$((SECONDS + 60))
  while :; do
    status=$("$docker" inspect -f '{{.State.Status}} {{.State.Health.Status}}' "$name")
    [ "$status" = "running healthy" ] && break
    if [ "$status" != "running starting" ] || [ "$SECONDS" -ge "$deadline" ]; then
      "$docker" logs "$name" 2>&1 | tail -n 20 >&2
      fail "$name is '$status', not healthy"
    fi
    sleep 0.1
  done
  echo $(($(ms) - started))
}

t=$(ms)
run "$project-off" port_off
# The strict one also has an admin token: the replay must send it, and the admin routes refuse
# requests without it.
token="ci-admin-token-$$"
run "$project-strict" port_strict -e LINKSTACK_ENFORCE_IAM=strict -e LINKSTACK_ADMIN_TOKEN="$token"
healthy_ms=$(wait_healthy "$project-off" "$t")
healthy_strict_ms=$(wait_healthy "$project-strict" "$t")
log "run → healthy: $healthy_ms ms (a second container, strict, started alongside: $healthy_strict_ms ms)"

user=$("$docker" image inspect -f '{{.Config.User}}' "$image")
uid=$("$docker" exec "$project-off" node -p "/^Uid:\s+(\d+)/m.exec(require('fs').readFileSync('/proc/1/status','utf8'))[1]")
[ "$uid" = 1000 ] || fail "the server runs as uid $uid, not 1000"
log "the server (pid 1) runs as uid $uid (USER $user)"
health=$(node -e "fetch('http://127.0.0.1:$port_off/_linkstack/health').then(r=>r.json()).then(b=>console.log(b.status,b.version))")
# Data files the server reads at run time: the dashboard's (dist/ui) and the AWS managed-policy
# catalog (dist/managed-policies).
data=$(node -e "
const u='http://127.0.0.1:$port_off';
const auth={authorization:'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0'};
Promise.all([
  fetch(u+'/_linkstack/ui/app.js').then(r=>r.status),
  fetch(u+'/?Action=GetPolicy&Version=2010-05-08&PolicyArn=arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy',{headers:auth}).then(async r=>r.status+((await r.text()).includes('<PolicyName>AmazonECSTaskExecutionRolePolicy<')?'':' without the policy')),
]).then(s=>console.log(s.join(' ')))")
[ "$data" = "200 200" ] || fail "the dashboard's app.js and GetPolicy of an AWS managed policy answered $data, not 200 200: the image lacks a data file"
log "published on 127.0.0.1:$port_off, health from the host: $health; the dashboard and the AWS managed-policy catalog answer from the image"
admin=$(node -e "const u='http://127.0.0.1:$port_strict/_linkstack/';Promise.all([fetch(u+'health'),fetch(u+'state'),fetch(u+'state',{headers:{authorization:'Bearer $token'}})]).then(rs=>console.log(rs.map(r=>r.status).join(' ')))")
[ "$admin" = "200 401 200" ] || fail "with LINKSTACK_ADMIN_TOKEN, health/state/state+token answered $admin, not 200 401 200"
log "LINKSTACK_ADMIN_TOKEN in the container: health 200, state 401 without the token, 200 with it"
# /app belongs to root in the image: a transcript there is a clear bad option (exit 2), no stack trace.
set +e
out=$("$docker" run --rm "$image" replay scenarios --transcript /app/story.md 2>&1)
code=$?
set -e
[ "$code" = 2 ] && grep -q 'cannot write the transcript to /app/story.md: permission denied (EACCES)' <<<"$out" && ! grep -q '    at ' <<<"$out" ||
  { echo "$out" >&2; fail "replay --transcript to an unwritable path exited $code"; }
log "replay --transcript /app/story.md (not writable by uid 1000): exit 2, '$(head -n 1 <<<"$out")'"

# --- 5. every story, inside the image, against the containers ----------------------------------
# Stories that need a strict server say so in their "server" settings.
strict_stories=$(node -e "const fs=require('fs');for(const f of fs.readdirSync('scenarios').filter(n=>n.endsWith('.json')).sort()){const s=JSON.parse(fs.readFileSync('scenarios/'+f,'utf8'));if((s.server||{}).LINKSTACK_ENFORCE_IAM==='strict')console.log('scenarios/'+f)}")
other_stories=$(cd scenarios && ls ./*.json | sed 's#^\./#scenarios/#' | grep -vxF -f <(printf '%s\n' "$strict_stories"))
replay() { # port, admin token or "", stories…
  local port="$1" token="$2" out
  shift 2
  t=$(ms)
  out=$("$docker" run --rm --network host -e NO_COLOR=1 -e LINKSTACK_ADMIN_TOKEN="$token" "$image" replay "$@" --endpoint "http://127.0.0.1:$port" 2>&1) ||
    { echo "$out" >&2; fail "replay $* against 127.0.0.1:$port"; }
  ! grep -q 'skipped' <<<"$out" || { echo "$out" >&2; fail "a story was skipped against 127.0.0.1:$port"; }
  log "replayed $# stories inside the image against 127.0.0.1:$port in $(($(ms) - t)) ms: $(tail -n 1 <<<"$out")"
}
# shellcheck disable=SC2086 # one story a word
replay "$port_off" "" $other_stories
# shellcheck disable=SC2086
replay "$port_strict" "$token" $strict_stories
[ ${#containers[@]} = 2 ] || fail "expected 2 containers, have ${#containers[@]}"
for c in "${containers[@]}"; do
  "$docker" stop -t 10 "$c" >/dev/null
  code=$("$docker" inspect -f '{{.State.ExitCode}}' "$c")
  [ "$code" = 0 ] || fail "$c exited $code on docker stop"
done
log "both containers stopped on SIGTERM with exit code 0"

# The documented mount points: a named volume on /data for LINKSTACK_STATE_FILE, scenarios on
# /init for LINKSTACK_INIT. The first container is seeded by a story before it is healthy and
# saves on SIGTERM; the second, with the volume only, starts from what the first saved.
has_role() { # port → "200" when AWSServiceRoleForECS exists
  node -e "fetch('http://127.0.0.1:$1/?Action=GetRole&Version=2010-05-08&RoleName=AWSServiceRoleForECS',{headers:{authorization:'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0'}}).then(async r=>console.log(r.status+((await r.text()).includes('<RoleName>AWSServiceRoleForECS</RoleName>')?'':' without the role')))"
}
t=$(ms)
run "$project-seeded" port_seeded -v "$project-data:/data" -v "$PWD/scenarios:/init:ro" \
  -e LINKSTACK_STATE_FILE=/data/state.json -e LINKSTACK_INIT=/init/01-implicit-creation.json
seeded_ms=$(wait_healthy "$project-seeded" "$t")
[ "$(has_role "$port_seeded")" = 200 ] || fail "LINKSTACK_INIT=/init/01-implicit-creation.json: no AWSServiceRoleForECS once healthy"
"$docker" stop -t 10 "$project-seeded" >/dev/null
[ "$("$docker" inspect -f '{{.State.ExitCode}}' "$project-seeded")" = 0 ] || fail "the seeded container did not stop cleanly"
t=$(ms)
run "$project-restored" port_restored -v "$project-data:/data" -e LINKSTACK_STATE_FILE=/data/state.json
restored_ms=$(wait_healthy "$project-restored" "$t")
[ "$(has_role "$port_restored")" = 200 ] || fail "LINKSTACK_STATE_FILE=/data/state.json on a named volume: the role did not survive a restart"
"$docker" stop -t 10 "$project-restored" >/dev/null
log "LINKSTACK_INIT from /init: seeded before healthy ($seeded_ms ms); LINKSTACK_STATE_FILE on a named volume at /data: saved on SIGTERM, restored by a new container ($restored_ms ms to healthy)"

# --- 6. the compose file's own tests service, and Testcontainers ------------------------------
t=$(ms)
# The compose file as shipped, plus what this engine needs: builds on the host network (so the
# build is the one above, answered from BuildKit's cache) and a free host port.
printf 'services:\n  linkstack:\n    build:\n      network: host\n' >"$work/compose.ci.yml"
compose=(docker-compose -p "$project" -f docker/docker-compose.yml -f "$work/compose.ci.yml")
# With an admin token, which the compose file passes to both services.
LINKSTACK_PORT=$(free_port) LINKSTACK_ADMIN_TOKEN="$token" timeout 300 "${compose[@]}" up --build --exit-code-from tests --abort-on-container-exit >"$work/compose.log" 2>&1 ||
  { tail -n 40 "$work/compose.log" >&2; fail "docker-compose up --exit-code-from tests"; }
log "docker-compose up --build --exit-code-from tests: 0 in $(($(ms) - t)) ms ($(grep -oE '[0-9]+ scenarios replayed[^"]*' "$work/compose.log" | tail -n 1))"
timeout 60 "${compose[@]}" down --volumes >/dev/null 2>&1

t=$(ms)
wait "$npm_pid" || { tail -n 20 "$work/testcontainers-npm.log" >&2; fail "npm ci in examples/testcontainers"; }
npm_pid=""
npm_wait_ms=$(($(ms) - t))
t=$(ms)
(
  cd examples/testcontainers
  # Testcontainers finds the engine by DOCKER_HOST. Ryuk, its reaper, is an image of its own that
  # cannot be pulled here: off, and stopping the engine removes whatever a failed run leaves. This
  # machine is itself a container (/.dockerenv), so Testcontainers would look for the default
  # bridge's gateway: the mapped ports are on the loopback instead. And there is no default bridge
  # network: the containers join this script's own.
  LINKSTACK_IMAGE="$image" LINKSTACK_DOCKER_NETWORK="$project" TESTCONTAINERS_RYUK_DISABLED=true \
    TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1 npx vitest run
) >"$work/testcontainers.log" 2>&1 || { tail -n 40 "$work/testcontainers.log" >&2; fail "examples/testcontainers"; }
log "examples/testcontainers (vitest + GenericContainer on $image): $(sed 's/\x1b\[[0-9;]*m//g' "$work/testcontainers.log" | grep -E '^ *Tests ' | tail -n 1 | xargs) in $(($(ms) - t)) ms (its npm ci ran alongside the build; $npm_wait_ms ms more waited for it)"

# The numbers the README publishes.
log "summary: image $((image_bytes / 1000000)) MB ($base_kind base; linkstack adds $added_mb MB), build $((build_ms / 1000)) s, run → healthy $healthy_ms ms"
