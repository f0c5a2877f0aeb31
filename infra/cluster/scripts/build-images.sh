#!/usr/bin/env bash
# Builds every image the single-node cluster runs, with no Docker engine and no registry: buildah,
# in a storage of its own under $CACHE, from a Debian root filesystem made by debootstrap.
#
#   base    debian (localhost/ticketing-stand-in/debian:bookworm), node (tagged
#           docker.io/library/node:20.20.2-bookworm-slim, the image the services' Dockerfiles
#           build FROM) and pause (registry.k8s.io/pause:3.10.1)
#   stores  stand-ins, under localhost/ticketing-stand-in/<name>:<version of what is inside>,
#           for the images the manifests name: ferretdb for mongo:7.0.14, redis for redis:7.4.2,
#           nats-streaming for nats-streaming:0.25.6, nats for nats:2.14.9, stripe-mock, and
#           traefik for traefik:v3.7.x (the ingress controller, built by build-traefik.sh);
#           their Containerfiles are in infra/cluster/images/<name>/
#   apps    auth tickets orders payments expiration client, as skaffold.yaml builds them,
#           tagged localhost/ticketing/<name>:<first 12 hex digits of the image id>
#
# Every image but debian and node is exported to $CACHE/images/<name>.tar (an OCI archive, for
# `ctr -n k8s.io images import --all-platforms`), and $CACHE/images/images.env has a NAME=ref
# line for each (NAME: the name in capitals, - as _). Unchanged images are neither rebuilt
# (buildah's layer cache, and stamps for the slow inputs) nor exported again.
# Logs: $CACHE/logs/<name>.log.
#
# Usage: build-images.sh [all|base|stores|apps|NAME...]   (default: all)
set -euo pipefail
shopt -s inherit_errexit
umask 022

# shellcheck source-path=SCRIPTDIR
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$here/../../.." && pwd)"
# The pinned versions and where things live; its say is replaced below.
# shellcheck source=SCRIPTDIR/lib.sh
source "$here/lib.sh"
CACHE="$CLUSTER_CACHE"
# Where scripts/provision.sh builds ferretdb, nats-streaming-server and stripe-mock, and
# provision-cluster.sh builds traefik.
TOOLS_BIN="$TOOLS_DIR"
OUT="$CACHE/images"
LOGS="$CACHE/logs"
STAMPS="$CACHE/stamps"
WORK="$CACHE/work"

SUITE=bookworm
NODE_VERSION=20.20.2
NPM_VERSION=10.8.2
PAUSE_VERSION="${PAUSE_IMAGE##*:}"
NATS_VERSION=v2.14.9

STAND_IN=localhost/ticketing-stand-in
DEBIAN_REF="$STAND_IN/debian:$SUITE"
NODE_REF="docker.io/library/node:$NODE_VERSION-$SUITE-slim"
PAUSE_REF="$PAUSE_IMAGE"

BASE=(debian node pause)
STORES=(ferretdb redis nats-streaming nats stripe-mock traefik)
APPS=(auth tickets orders payments expiration client)
ALL=("${BASE[@]}" "${STORES[@]}" "${APPS[@]}")

export TMPDIR="$CACHE/tmp" # buildah's big temporary files, otherwise in /var/tmp
export GOTOOLCHAIN=local

STORAGE_DRIVER=overlay
CHILD=""
declare -A REF=() ID=() SECONDS_TAKEN=() EXPORT_NOTE=()

say() { printf '[images] %s\n' "$*"; }
die() {
  say "ERROR: $*" >&2
  exit 1
}

usage() {
  grep -m 1 '^# Usage:' "${BASH_SOURCE[0]}" | sed 's/^# //' >&2
  exit 2
}

# --- buildah, in its own storage -----------------------------------------------------------

bh() {
  buildah --root "$CACHE/buildah/$STORAGE_DRIVER-root" --runroot "$CACHE/buildah/run" \
    --storage-driver "$STORAGE_DRIVER" "$@"
}

choose_storage_driver() {
  if ! bh images >"$LOGS/storage.log" 2>&1; then
    say "overlay storage does not work here ($(tail -n 1 "$LOGS/storage.log")); using vfs"
    STORAGE_DRIVER=vfs
    bh images >/dev/null
  fi
  say "buildah storage: $STORAGE_DRIVER, in $CACHE/buildah"
}

image_size() { bh images --noheading --format '{{.Size}}' "$1" 2>/dev/null | head -n 1; }

# Builds one Containerfile: the image name, its build context, then more `buildah bud`
# arguments. Sets ID[name].
bud() {
  local name=$1 context=$2
  shift 2
  run_logged "$name" "$LOGS/$name.log" \
    bh bud --pull-never --layers --network host --isolation oci \
    --iidfile "$WORK/$name.iid" "$@" "$context"
  ID[$name]="$(sed 's/^sha256://' "$WORK/$name.iid")"
}

# A build context for infra/cluster/images/<name>: its files, plus the given ones, hard-linked
# when they are on the same file system.
stage_context() {
  local name=$1 context="$WORK/context/$1" file
  shift
  rm -rf "$context"
  mkdir -p "$context"
  cp -a "$REPO/infra/cluster/images/$name/." "$context/"
  for file in "$@"; do
    ln -f "$file" "$context/" 2>/dev/null || cp -p "$file" "$context/"
  done
  printf '%s\n' "$context"
}

# --- progress, logs, stamps ------------------------------------------------------------------

# Runs a command (a function too) with its output in a log, saying every 30 s how far it is; on
# failure, ends the script with the command's last lines.
run_logged() {
  local label=$1 log=$2 started=$SECONDS status=0 next progress
  shift 2
  mkdir -p "$(dirname "$log")"
  "$@" >"$log" 2>&1 &
  CHILD=$!
  next=$((SECONDS + 30))
  while kill -0 "$CHILD" 2>/dev/null; do
    sleep 1
    if ((SECONDS >= next)); then
      progress="$(progress_of "$log")"
      say "$label: $((SECONDS - started)) s so far${progress:+ ($progress)}"
      next=$((SECONDS + 30))
    fi
  done
  wait "$CHILD" || status=$?
  CHILD=""
  if ((status != 0)); then
    {
      say "$label: FAILED after $((SECONDS - started)) s (exit $status). Last lines of $log:"
      tail -n 30 "$log" | sed 's/^/    /'
    } >&2
    exit 1
  fi
}

# The latest buildah STEP in a log, or its last line.
progress_of() {
  local line
  line="$(grep -a -o 'STEP [0-9]*/[0-9]*: .*' "$1" | tail -n 1 || true)"
  [[ -n "$line" ]] || line="$(tail -n 1 "$1" 2>/dev/null || true)"
  printf '%s' "${line:0:90}"
}

digest_of() { printf '%s\n' "$@" | sha256sum | cut -c1-64; }
stamp_ok() { [[ -f "$STAMPS/$1" && "$(cat "$STAMPS/$1")" == "$2" ]]; }
stamp() { printf '%s\n' "$2" >"$STAMPS/$1"; }

# --- inputs: the Debian root filesystem, Node and npm, the binaries -------------------------

# This machine's apt mirror for a suite (deb822 .sources or one-line .list), or nothing.
apt_mirror() {
  local suite=$1 file uri=""
  for file in /etc/apt/sources.list.d/*.sources; do
    [[ -f "$file" && -z "$uri" ]] || continue
    uri="$(awk -v suite="$suite" '
      function stanza_end() {
        if (types ~ /(^| )deb( |$)/ && (" " suites " ") ~ (" " suite " ") && uri != "") {
          print uri; found = 1; exit
        }
        types = suites = uri = ""
      }
      /^[[:space:]]*#/ { next }
      /^[[:space:]]*$/ { stanza_end(); next }
      /^Types:/ { sub(/^Types:[[:space:]]*/, ""); types = $0 }
      /^URIs:/ { uri = $2 }
      /^Suites:/ { sub(/^Suites:[[:space:]]*/, ""); suites = $0 }
      END { if (!found) stanza_end() }' "$file")"
  done
  for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f "$file" && -z "$uri" ]] || continue
    uri="$(awk -v suite="$suite" '$1 == "deb" {
      i = 2
      if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
      if ($(i + 1) == suite) { print $i; exit }
    }' "$file")"
  done
  printf '%s\n' "$uri"
}

# deb822 sources for the image: the suites this machine has a mirror for.
image_apt_sources() {
  local suite uri
  for suite in "$SUITE" "$SUITE-updates" "$SUITE-security"; do
    uri="$(apt_mirror "$suite")"
    [[ -n "$uri" ]] || continue
    printf 'Types: deb\nURIs: %s\nSuites: %s\nComponents: main\n' "$uri" "$suite"
    printf 'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\n\n'
  done
}

# What debian:bookworm-slim leaves out, also when a derived image installs packages: docs, man
# pages and locales, downloaded packages, and apt's binary caches (some 80 MB after an update).
write_slim_config() {
  cat >"$1/etc/dpkg/dpkg.cfg.d/slim" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
EOF
  cat >"$1/etc/apt/apt.conf.d/slim" <<'EOF'
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb || true"; };
EOF
}

slim_rootfs() {
  local root=$1
  find "$root/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
  find "$root/usr/share/doc" -mindepth 1 -type d -empty -delete
  find "$root/usr/share/locale" -mindepth 1 -maxdepth 1 -not -name locale.alias \
    -exec rm -rf {} +
  rm -rf "$root"/usr/share/{man,info,groff,lintian}/* \
    "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb \
    "$root"/var/cache/debconf/*-old "$root"/var/lib/dpkg/*-old \
    "$root"/var/log/apt/* "$root"/var/log/{bootstrap,dpkg,alternatives}.log
  # debootstrap copies these from this machine; the container runtime provides its own.
  rm -f "$root/etc/hostname" "$root/etc/resolv.conf"
}

make_rootfs() {
  local root=$1 mirror=$2
  debootstrap --variant=minbase "$SUITE" "$root" "$mirror"
  rm -f "$root/etc/apt/sources.list"
  image_apt_sources >"$root/etc/apt/sources.list.d/debian.sources"
  write_slim_config "$root"
  chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get update
  chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get -y upgrade
  slim_rootfs "$root"
  tar --create --file "$root.tar" --directory "$root" --numeric-owner --sort=name \
    --xattrs --xattrs-include='*' --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' .
  rm -rf --one-file-system "$root"
}

# $WORK/rootfs.tar, remade only when the mirror or this recipe changes.
ensure_rootfs() {
  local mirror inputs
  mirror="$(apt_mirror "$SUITE")"
  [[ -n "$mirror" ]] || die "no Debian mirror for $SUITE in /etc/apt/sources.list*"
  inputs="$(digest_of "$SUITE" "$mirror" "$(image_apt_sources)" \
    "$(declare -f make_rootfs slim_rootfs write_slim_config)")"
  if [[ -f "$WORK/rootfs.tar" ]] && stamp_ok rootfs "$inputs"; then
    say "debian: root filesystem is current ($WORK/rootfs.tar)"
    return
  fi
  command -v debootstrap >/dev/null || die "debootstrap is not installed (apt-get install debootstrap)"
  say "debian: debootstrap $SUITE from $mirror"
  unmount_under "$WORK/rootfs"
  rm -rf --one-file-system "$WORK/rootfs" "$WORK/rootfs.tar"
  run_logged "debian: debootstrap" "$LOGS/debootstrap.log" make_rootfs "$WORK/rootfs" "$mirror"
  stamp rootfs "$inputs"
}

# $WORK/node.tar: this machine's Node binary and npm $NPM_VERSION as the node image has them.
# Byte-for-byte the same for the same inputs, so buildah's layer cache keeps the image.
ensure_node_payload() {
  local node version sum inputs stage="$WORK/node-payload"
  node="$(command -v node)" || die "node is not installed (Node $NODE_VERSION is needed)"
  version="$("$node" --version)"
  [[ "$version" == "v$NODE_VERSION" ]] ||
    die "$node is Node $version; the node image must carry v$NODE_VERSION (the Dockerfiles' NODE_IMAGE)"
  sum="$(sha256sum "$node" | cut -c1-64)"
  inputs="$(digest_of "$sum" "$NPM_VERSION" "$(declare -f ensure_node_payload)")"
  if [[ -f "$WORK/node.tar" ]] && stamp_ok node-payload "$inputs"; then
    say "node: Node $version and npm $NPM_VERSION are current ($WORK/node.tar)"
    return
  fi
  say "node: Node $version from $node, npm $NPM_VERSION from the npm registry"
  rm -rf "$stage"
  mkdir -p "$stage/usr/local/bin" "$stage/usr/local/lib/node_modules/npm" "$WORK/downloads"
  (cd "$WORK/downloads" && npm pack --silent "npm@$NPM_VERSION" >/dev/null) ||
    die "npm pack npm@$NPM_VERSION failed"
  tar -xzf "$WORK/downloads/npm-$NPM_VERSION.tgz" --strip-components=1 --no-same-owner \
    -C "$stage/usr/local/lib/node_modules/npm"
  install -m 0755 "$node" "$stage/usr/local/bin/node"
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$stage/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$stage/usr/local/bin/npx"
  tar --create --file "$WORK/node.tar" --directory "$stage" --sort=name --numeric-owner \
    --owner=0 --group=0 --mtime="@$(stat -c %Y "$node")" usr
  rm -rf "$stage"
  stamp node-payload "$inputs"
}

# The pause binary, compiled statically from the Kubernetes module's own source.
ensure_pause_binary() {
  local src inputs
  src="$(go mod download -json "k8s.io/kubernetes@$KUBERNETES_VERSION" | jq -r '.Dir // empty')"
  [[ -f "$src/build/pause/linux/pause.c" ]] ||
    die "go mod download k8s.io/kubernetes@$KUBERNETES_VERSION gave no build/pause/linux/pause.c"
  inputs="$(digest_of "$(sha256sum "$src/build/pause/linux/pause.c")" "$(gcc --version | head -n 1)")"
  if [[ -x "$WORK/pause" ]] && stamp_ok pause-binary "$inputs"; then return; fi
  gcc -Os -Wall -Werror -static -DVERSION="v$PAUSE_VERSION" \
    -o "$WORK/pause" "$src/build/pause/linux/pause.c"
  strip "$WORK/pause"
  stamp pause-binary "$inputs"
}

# nats-server $NATS_VERSION from the Go module proxy, or the newest v2 release it serves.
# Sets NATS_BUILT to the version and NATS_BINARY to the file.
ensure_nats_server() {
  local module=github.com/nats-io/nats-server/v2 version=$NATS_VERSION dir
  if ! stamp_ok nats-server "$version $(go env GOVERSION)"; then
    if ! go list -m "$module@$version" >/dev/null 2>&1; then
      version="$(go list -m -versions "$module" | tr ' ' '\n' | grep -E '^v2\.[0-9]+\.[0-9]+$' |
        sort -V | tail -n 1)"
      [[ -n "$version" ]] || die "the Go module proxy serves no release of $module"
      say "nats: the Go module proxy does not serve nats-server $NATS_VERSION; building $version"
    fi
  fi
  dir="$WORK/nats-server-$version"
  if [[ ! -x "$dir/nats-server" ]] || ! stamp_ok nats-server "$version $(go env GOVERSION)"; then
    say "nats: go install $module@$version (a few minutes on a cold Go cache)"
    # Static, like the official image's binary.
    run_logged "nats: go install" "$LOGS/nats-server.go-install.log" \
      env GOBIN="$dir" CGO_ENABLED=0 go install -trimpath -ldflags='-s -w' "$module@$version"
    stamp nats-server "$version $(go env GOVERSION)"
  fi
  NATS_BUILT=$version
  NATS_BINARY="$dir/nats-server"
}

# A binary scripts/provision.sh built, and the version it recorded for it.
provisioned() {
  local binary="$TOOLS_BIN/$1"
  [[ -x "$binary" ]] || die "$binary is missing: scripts/provision.sh builds it"
  [[ -f "$TOOLS_BIN/.versions/$1" ]] || die "$TOOLS_BIN/.versions/$1 is missing: rerun scripts/provision.sh"
}

# --- the images ----------------------------------------------------------------------------

build_debian() {
  local context
  ensure_rootfs
  context="$(stage_context debian "$WORK/rootfs.tar")"
  bud debian "$context" -t "$DEBIAN_REF"
  REF[debian]=$DEBIAN_REF
}

build_node() {
  local context
  ensure_node_payload
  context="$(stage_context node "$WORK/node.tar")"
  bud node "$context" --build-arg "NODE_VERSION=$NODE_VERSION" -t "$NODE_REF"
  REF[node]=$NODE_REF
}

build_pause() {
  local context
  run_logged "pause: compile" "$LOGS/pause.compile.log" ensure_pause_binary
  context="$(stage_context pause "$WORK/pause")"
  bud pause "$context" -t "$PAUSE_REF"
  REF[pause]=$PAUSE_REF
}

# ferretdb, nats-streaming, stripe-mock: a binary from scripts/provision.sh.
build_provisioned_store() {
  local name=$1 binary=$2 context
  provisioned "$binary"
  REF[$name]="$STAND_IN/$name:$(cat "$TOOLS_BIN/.versions/$binary")"
  context="$(stage_context "$name" "$TOOLS_BIN/$binary")"
  bud "$name" "$context" -t "${REF[$name]}"
}

# Tagged with the Debian package's upstream version, read from the image once built.
build_redis() {
  local context container mount version
  context="$(stage_context redis)"
  bud redis "$context"
  container="$(bh from --pull-never "${ID[redis]}")"
  mount="$(bh mount "$container")"
  version="$(awk '/^Package: redis-server$/ { found = 1 } found && /^Version:/ { print $2; exit }' \
    "$mount/var/lib/dpkg/status")"
  bh umount "$container" >/dev/null
  bh rm "$container" >/dev/null
  version="${version#*:}"   # the epoch,
  version="${version%%-*}"  # and the Debian revision: 5:7.0.15-1~deb12u4 is 7.0.15
  [[ -n "$version" ]] || die "redis: no redis-server package in the built image"
  REF[redis]="$STAND_IN/redis:$version"
  bh tag "${ID[redis]}" "${REF[redis]}"
}

# Tagged with the release build-traefik.sh recorded ("traefik v3.7.13 gateway-api v1.6.1").
build_traefik() {
  local context version
  [[ -x "$TOOLS_BIN/traefik" && -f "$TOOLS_BIN/.traefik-version" ]] ||
    die "$TOOLS_BIN/traefik is missing: infra/cluster/scripts/provision-cluster.sh builds it"
  read -r _ version _ <"$TOOLS_BIN/.traefik-version"
  REF[traefik]="$STAND_IN/traefik:$version"
  context="$(stage_context traefik "$TOOLS_BIN/traefik")"
  bud traefik "$context" -t "${REF[traefik]}"
}

build_nats() {
  local context
  ensure_nats_server
  REF[nats]="$STAND_IN/nats:$NATS_BUILT"
  context="$(stage_context nats "$NATS_BINARY")"
  bud nats "$context" -t "${REF[nats]}"
}

# As skaffold.yaml builds the artifact ticketing/<name> (its context, Dockerfile and build args,
# read by skaffold-build-flags.mjs), to its final stage. The build's RUN steps get /root from
# $WORK/build-home: an .npmrc naming this machine's CA bundle (npm ci reaches the registry
# through TLS that needs it), and npm's cache across builds. /root exists in the node image, so the mount leaves nothing behind in a layer (a
# mount onto a path the image lacks would leave an empty file there).
build_app() {
  local name=$1 flags
  mapfile -t flags < <(node "$REPO/infra/cluster/scripts/skaffold-build-flags.mjs" \
    "$REPO/skaffold.yaml" "ticketing/$name")
  ((${#flags[@]} > 1)) || die "skaffold.yaml: cannot read how to build ticketing/$name"
  # The last line is the context, which bud takes first.
  bud "$name" "${flags[-1]}" "${flags[@]:0:${#flags[@]}-1}" -v "$WORK/build-home:/root"
  REF[$name]="localhost/ticketing/$name:${ID[$name]:0:12}"
  bh tag "${ID[$name]}" "${REF[$name]}"
}

prepare_build_home() {
  local home="$WORK/build-home" ca="${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}"
  mkdir -p "$home"
  if [[ -f "$ca" ]]; then
    cp "$ca" "$home/ca-certificates.crt"
    printf 'cafile=/root/ca-certificates.crt\nupdate-notifier=false\n' >"$home/.npmrc"
  else
    printf 'update-notifier=false\n' >"$home/.npmrc"
  fi
}

build() {
  case "$1" in
    debian) build_debian ;;
    node) build_node ;;
    pause) build_pause ;;
    ferretdb) build_provisioned_store ferretdb ferretdb ;;
    nats-streaming) build_provisioned_store nats-streaming nats-streaming-server ;;
    stripe-mock) build_provisioned_store stripe-mock stripe-mock ;;
    redis) build_redis ;;
    nats) build_nats ;;
    traefik) build_traefik ;;
    *) build_app "$1" ;;
  esac
}

# --- export ---------------------------------------------------------------------------------

exported() { [[ "$1" != debian && "$1" != node ]]; }

# $OUT/<name>.tar, unless it already holds this image id under this name.
export_image() {
  local name=$1 tar="$OUT/$1.tar" want="${ID[$1]} ${REF[$1]}" started=$SECONDS
  if [[ -f "$tar" ]] && stamp_ok "export-$name" "$want"; then
    EXPORT_NOTE[$name]="archive up to date"
    return
  fi
  rm -f "$tar.partial"
  run_logged "$name: export" "$LOGS/$name.export.log" \
    bh push --quiet --signature-policy "$WORK/policy.json" "${ID[$name]}" \
    "oci-archive:$tar.partial:${REF[$name]}"
  verify_archive "$tar.partial" "${REF[$name]}" || die "$name: $tar.partial is not a valid OCI archive"
  mv -f "$tar.partial" "$tar"
  stamp "export-$name" "$want"
  EXPORT_NOTE[$name]="exported in $((SECONDS - started)) s"
}

# An OCI image layout with the one manifest named ref, and every blob matching its digest.
verify_archive() {
  local tar=$1 ref=$2 dir manifest digest size
  dir="$(mktemp -d "$WORK/verify.XXXXXX")"
  tar -xf "$tar" -C "$dir" || return 1
  jq -e '.imageLayoutVersion == "1.0.0"' "$dir/oci-layout" >/dev/null || return 1
  manifest="$(jq -r --arg ref "$ref" '.manifests[]
    | select(.annotations["org.opencontainers.image.ref.name"] == $ref) | .digest' \
    "$dir/index.json")"
  [[ "$manifest" == sha256:* ]] || return 1
  while read -r digest size; do
    [[ -f "$dir/blobs/${digest/://}" && "$(stat -c %s "$dir/blobs/${digest/://}")" == "$size" ]] ||
      return 1
  done < <(jq -r '(.config, .layers[]) | "\(.digest) \(.size)"' "$dir/blobs/${manifest/://}")
  (cd "$dir/blobs/sha256" && for blob in *; do printf '%s  %s\n' "$blob" "$blob"; done |
    sha256sum --check --quiet) || return 1
  rm -rf "$dir"
}

# NAME=ref for every image exported so far, this run or an earlier one.
write_images_env() {
  local name
  for name in "${ALL[@]}"; do
    exported "$name" || continue
    [[ -n "${REF[$name]:-}" ]] && stamp "ref-$name" "${REF[$name]}"
    [[ -f "$STAMPS/ref-$name" && -f "$OUT/$name.tar" ]] || continue
    printf '%s=%s\n' "$(tr 'a-z-' 'A-Z_' <<<"$name")" "$(cat "$STAMPS/ref-$name")"
  done >"$OUT/images.env.partial"
  mv -f "$OUT/images.env.partial" "$OUT/images.env"
}

# --- main -----------------------------------------------------------------------------------

# The images to build, in build order: those asked for, and the base images they are built FROM.
plan() {
  local -A wanted=()
  local arg name
  for arg in "${@:-all}"; do
    case "$arg" in
      all) for name in "${ALL[@]}"; do wanted[$name]=1; done ;;
      base) for name in "${BASE[@]}"; do wanted[$name]=1; done ;;
      stores) for name in "${STORES[@]}"; do wanted[$name]=1; done ;;
      apps) for name in "${APPS[@]}"; do wanted[$name]=1; done ;;
      -h | --help) usage ;;
      *)
        [[ " ${ALL[*]} " == *" $arg "* ]] || {
          say "unknown image: $arg (one of: ${ALL[*]})" >&2
          usage
        }
        wanted[$arg]=1
        ;;
    esac
  done
  for name in "${APPS[@]}"; do [[ -n "${wanted[$name]:-}" ]] && wanted[node]=1; done
  for name in node "${STORES[@]}"; do [[ -n "${wanted[$name]:-}" ]] && wanted[debian]=1; done
  for name in "${ALL[@]}"; do [[ -n "${wanted[$name]:-}" ]] && printf '%s\n' "$name"; done
  return 0
}

# Unmounts everything at or below a directory, deepest first.
unmount_under() {
  local mount
  awk -v dir="$1" '$5 == dir || index($5, dir "/") == 1 { print $5 }' /proc/self/mountinfo |
    sort -r | while read -r mount; do
    umount "$mount" 2>/dev/null || umount -l "$mount" || true
  done
}

cleanup() {
  if [[ -n "$CHILD" ]]; then
    kill "$CHILD" 2>/dev/null || true
    wait "$CHILD" 2>/dev/null || true
  fi
  # Containers of an interrupted build; this storage is this script's alone (see the lock).
  bh rm --all >/dev/null 2>&1 || true
  rm -rf "$WORK"/verify.*
  # buildah's overlay driver, or an interrupted debootstrap, may leave mounts behind. Only this
  # script's directories: the cluster keeps its own state, and its mounts, in $CACHE too.
  unmount_under "$CACHE/buildah"
  unmount_under "$WORK"
}

summary() {
  local name
  say "summary:"
  for name in "$@"; do
    printf '  %-15s %-58s %9s  built in %4s s' "$name" "${REF[$name]}" \
      "$(image_size "${ID[$name]}")" "${SECONDS_TAKEN[$name]}"
    if exported "$name"; then printf ', %s' "${EXPORT_NOTE[$name]}"; fi
    printf '\n'
  done
  say "$OUT/images.env:"
  sed 's/^/  /' "$OUT/images.env"
}

main() {
  local targets name step=0 started
  targets="$(plan "$@")"
  mapfile -t targets <<<"$targets"
  [[ $EUID -eq 0 ]] || die "run as root: debootstrap, chroot and buildah's storage need it"
  for name in buildah runc jq gcc go; do
    command -v "$name" >/dev/null || die "$name is not installed"
  done
  mkdir -p "$OUT" "$LOGS" "$STAMPS" "$WORK" "$TMPDIR"
  cd "$WORK" # go mod download and go install, outside any module
  exec 9>"$WORK/.lock"
  flock -n 9 || die "another build-images.sh is using $CACHE"
  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  printf '{"default":[{"type":"insecureAcceptAnything"}]}\n' >"$WORK/policy.json"
  prepare_build_home
  choose_storage_driver

  local run_started=$SECONDS
  for name in "${targets[@]}"; do
    step=$((step + 1))
    started=$SECONDS
    say "$name: building (step $step of ${#targets[@]})"
    build "$name"
    SECONDS_TAKEN[$name]=$((SECONDS - started))
    if exported "$name"; then export_image "$name"; fi
    say "$name: ${REF[$name]} (${ID[$name]:0:12}), built in ${SECONDS_TAKEN[$name]} s${EXPORT_NOTE[$name]:+, ${EXPORT_NOTE[$name]}}"
  done
  write_images_env
  summary "${targets[@]}"
  say "done in $((SECONDS - run_started)) s"
}

main "$@"
