#!/usr/bin/env bash
# Installs the real servers the tests and the local stack run against, at pinned versions:
#   ferretdb (MongoDB-compatible, SQLite backend), nats-streaming-server, stripe-mock
#     -> built from the Go module proxy into $TICKETING_TOOLS_DIR
#   nats-server (JetStream), redis-server, chromium (the browser tests' browser)
#     -> Debian packages, when not already on PATH
# Idempotent: each Go tool records the version it was built at, and is skipped when the
# binary and that record match. A second run takes about a second. With --servers, only the
# servers the local stack runs (what `npm run dev` needs); without, also the browser and the
# infra checks' tools.
set -euo pipefail

FERRETDB_TAGS=(v1.24.0 v1.23.1 v1.23.0) # first that builds wins; see README "Infrastructure"
NATS_STREAMING_VERSION=v0.25.6
STRIPE_MOCK_VERSION=v0.203.0
# What the stand-in answers differs from the release in one fixture (build_stripe_mock); the
# suffix makes a machine that has the plain release build it again, and tags the cluster image.
STRIPE_MOCK_BUILD="$STRIPE_MOCK_VERSION-intents-succeed"

TOOLS_DIR="${TICKETING_TOOLS_DIR:-$HOME/.cache/ticketing/bin}"
STAMPS_DIR="$TOOLS_DIR/.versions"
export GOTOOLCHAIN=local GOFLAGS="${GOFLAGS:--buildvcs=false}"

say() { printf '[provision] %s\n' "$*"; }
fail() {
  printf '[provision] error: %s\n' "$*" >&2
  exit 1
}

installed_at() { # name version -> true when the binary exists and was built at version
  [[ -x "$TOOLS_DIR/$1" && -f "$STAMPS_DIR/$1" && "$(cat "$STAMPS_DIR/$1")" == "$2" ]]
}

stamp() { printf '%s\n' "$2" >"$STAMPS_DIR/$1"; }

# go install, retried with -checklinkname=0 when an older module trips Go 1.23+'s linkname
# rules ("invalid reference to ...").
go_install() { # module@version
  local log
  log="$(mktemp)"
  if GOBIN="$TOOLS_DIR" go install "$1" >"$log" 2>&1; then
    rm -f "$log"
    return 0
  fi
  if grep -q 'invalid reference to' "$log"; then
    say "  linkname restriction hit; retrying with -ldflags=-checklinkname=0"
    if GOBIN="$TOOLS_DIR" go install -ldflags=-checklinkname=0 "$1" >"$log" 2>&1; then
      rm -f "$log"
      return 0
    fi
  fi
  cat "$log" >&2
  rm -f "$log"
  return 1
}

# FerretDB cannot be installed with `go install ...@tag`: the module proxy refuses its version
# list (403), which go install reads for deprecation notices, and the module zip lacks the
# build/version/version.txt that the binary embeds (it panics at start without it). So:
# download the module at the tag, copy it somewhere writable, write version.txt, build.
build_ferretdb() { # tag
  local tag="$1" dir work
  dir="$(go mod download -json "github.com/FerretDB/FerretDB@$tag" | sed -n 's/.*"Dir": "\(.*\)",/\1/p')"
  [[ -n "$dir" ]] || return 1
  work="$(mktemp -d)"
  cp -r "$dir/." "$work/"
  chmod -R u+w "$work"
  printf '%s\n' "$tag" >"$work/build/version/version.txt"
  printf 'ticketing-provision\n' >"$work/build/version/package.txt"
  local status=0
  (cd "$work" && go build -trimpath -o "$TOOLS_DIR/ferretdb" ./cmd/ferretdb) ||
    (cd "$work" && go build -trimpath -ldflags=-checklinkname=0 -o "$TOOLS_DIR/ferretdb" ./cmd/ferretdb) ||
    status=1
  rm -rf "$work"
  return "$status"
}

install_ferretdb() {
  local tag
  for tag in "${FERRETDB_TAGS[@]}"; do
    if installed_at ferretdb "$tag"; then
      say "ferretdb $tag: present"
      return 0
    fi
  done
  for tag in "${FERRETDB_TAGS[@]}"; do
    say "ferretdb $tag: building (about 2 minutes on a cold Go cache)"
    if build_ferretdb "$tag"; then
      stamp ferretdb "$tag"
      say "ferretdb $tag: installed"
      return 0
    fi
    say "ferretdb $tag: build failed; trying the next tag"
  done
  fail "no FerretDB tag in (${FERRETDB_TAGS[*]}) builds with $(go version)"
}

# stripe-mock answers every PaymentIntent with one fixture, whose status is
# requires_payment_method: on Stripe, a confirmed charge of a test card is `succeeded`, and
# payments counts only a succeeded PaymentIntent as a payment. So the build serves a fixture
# that says succeeded (the rest of stripe-mock, its request checking included, is the release):
# download the module, copy it somewhere writable, change that one field, and build it (the
# module zip's vendor directory holds only modules.txt, so it goes and the module cache serves).
build_stripe_mock() {
  local dir work
  dir="$(go mod download -json "github.com/stripe/stripe-mock@$STRIPE_MOCK_VERSION" | sed -n 's/.*"Dir": "\(.*\)",/\1/p')"
  [[ -n "$dir" ]] || return 1
  work="$(mktemp -d)"
  cp -r "$dir/." "$work/"
  chmod -R u+w "$work"
  rm -rf "$work/vendor"
  local status=0
  node -e '
    const fs = require("node:fs");
    const file = process.argv[1];
    const fixtures = JSON.parse(fs.readFileSync(file, "utf8"));
    const intent = fixtures.resources.payment_intent;
    if (!intent) throw new Error("stripe-mock has no payment_intent fixture");
    intent.status = "succeeded";
    fs.writeFileSync(file, JSON.stringify(fixtures));
  ' "$work/embedded/openapi/fixtures3.json" &&
    (cd "$work" && go build -trimpath -o "$TOOLS_DIR/stripe-mock" .) ||
    status=1
  rm -rf "$work"
  return "$status"
}

install_stripe_mock() {
  if installed_at stripe-mock "$STRIPE_MOCK_BUILD"; then
    say "stripe-mock $STRIPE_MOCK_BUILD: present"
    return 0
  fi
  say "stripe-mock $STRIPE_MOCK_BUILD: building (PaymentIntents answered as succeeded)"
  build_stripe_mock || fail "building stripe-mock $STRIPE_MOCK_VERSION failed (output above)"
  stamp stripe-mock "$STRIPE_MOCK_BUILD"
  say "stripe-mock $STRIPE_MOCK_BUILD: installed"
}

install_go_tool() { # name module version
  if installed_at "$1" "$3"; then
    say "$1 $3: present"
    return 0
  fi
  say "$1 $3: building"
  go_install "$2@$3" || fail "go install $2@$3 failed (output above)"
  stamp "$1" "$3"
  say "$1 $3: installed"
}

APT_UPDATED=0
install_debian_package() { # command package
  if command -v "$1" >/dev/null 2>&1; then
    say "$1: present ($(command -v "$1"))"
    return 0
  fi
  local sudo=""
  if [[ "$(id -u)" != 0 ]]; then
    command -v sudo >/dev/null 2>&1 || fail "$1 is missing; install the Debian package '$2' as root"
    sudo="sudo"
  fi
  if [[ "$APT_UPDATED" == 0 ]]; then
    say "apt-get update"
    $sudo apt-get update -qq
    APT_UPDATED=1
  fi
  say "$1: installing Debian package $2"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$2" >/dev/null
}

# ==== infra/check: Kubernetes manifests, Skaffold config, GitHub workflows ==================
# kustomize renders infra/k8s, kubeconform validates every rendered object (and skaffold.yaml)
# against JSON schemas kept here, actionlint (with shellcheck) checks .github/workflows. The
# schemas come from Go modules, so validation never downloads anything: the Kubernetes
# OpenAPI document in the k8s.io/kubernetes module, converted per kind by
# infra/check/scripts/kubernetes-json-schemas.mjs; the Gateway API kinds (components/gateway-api)
# from the standard-channel CRDs in the sigs.k8s.io/gateway-api module, converted per served
# version by infra/check/scripts/crd-json-schemas.mjs; and Skaffold's own JSON schema from the
# skaffold module's docs. These tool versions build with Go 1.24 or newer.
KUSTOMIZE_VERSION=v5.8.1
KUBECONFORM_VERSION=v0.7.0
ACTIONLINT_VERSION=v1.7.11
# The manifests are validated against the Kubernetes and Gateway API versions the local
# cluster runs: KUBERNETES_VERSION and GATEWAY_API_VERSION.
# shellcheck source=SCRIPTDIR/kubernetes-versions.sh
source "$(dirname "${BASH_SOURCE[0]}")/kubernetes-versions.sh"
SKAFFOLD_MODULE_VERSION=v2.16.1 # its docs hold the schema of skaffold.yaml's apiVersion:
SKAFFOLD_CONFIG_VERSION=v4beta13
INFRA_CHECK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/infra/check"

# A converter's hash with the module both converters share: a change to either regenerates.
converter_hash() { cat "$1" "$INFRA_CHECK_DIR/scripts/strict-schema.mjs" | sha256sum | cut -c1-12; }

go_module_dir() { # module@version -> its directory in the module cache, downloaded if needed
  go mod download -json "$1" | sed -n 's/.*"Dir": "\(.*\)",/\1/p'
}

install_kubernetes_schemas() {
  local converter="$INFRA_CHECK_DIR/scripts/kubernetes-json-schemas.mjs" stamp dir
  # The converter's hash is part of the stamp: a changed converter regenerates the schemas.
  stamp="$KUBERNETES_VERSION $(converter_hash "$converter")"
  if installed_at kubernetes-json-schema "$stamp"; then
    say "kubernetes-json-schema $KUBERNETES_VERSION: present"
    return 0
  fi
  say "kubernetes-json-schema $KUBERNETES_VERSION: converting the OpenAPI spec"
  command -v node >/dev/null 2>&1 || fail "node is required to convert the Kubernetes OpenAPI spec"
  dir="$(go_module_dir "k8s.io/kubernetes@$KUBERNETES_VERSION")"
  [[ -n "$dir" ]] || fail "go mod download k8s.io/kubernetes@$KUBERNETES_VERSION failed"
  node "$converter" "$dir/api/openapi-spec/swagger.json" "$TOOLS_DIR/kubernetes-json-schema" \
    "$KUBERNETES_VERSION" >/dev/null
  stamp kubernetes-json-schema "$stamp"
  say "kubernetes-json-schema $KUBERNETES_VERSION: installed"
}

install_gateway_api_schemas() {
  local converter="$INFRA_CHECK_DIR/scripts/crd-json-schemas.mjs" stamp dir target
  target="$TOOLS_DIR/gateway-api-json-schema/$GATEWAY_API_VERSION-standalone-strict"
  # ObjectMeta comes from the Kubernetes schemas, so their version is part of the stamp, and
  # the converter's hash as for those.
  stamp="$GATEWAY_API_VERSION $KUBERNETES_VERSION $(converter_hash "$converter")"
  if installed_at gateway-api-json-schema "$stamp" && [[ -d "$target" ]]; then
    say "gateway-api-json-schema $GATEWAY_API_VERSION: present"
    return 0
  fi
  say "gateway-api-json-schema $GATEWAY_API_VERSION: converting the standard-channel CRDs"
  command -v node >/dev/null 2>&1 || fail "node is required to convert the Gateway API CRDs"
  (cd "$INFRA_CHECK_DIR" && node -e "require.resolve('yaml')" 2>/dev/null) ||
    fail "the Gateway API CRDs are converted with the yaml package: run npm ci first"
  dir="$(go_module_dir "sigs.k8s.io/gateway-api@$GATEWAY_API_VERSION")"
  [[ -n "$dir" && -d "$dir/config/crd/standard" ]] ||
    fail "go mod download sigs.k8s.io/gateway-api@$GATEWAY_API_VERSION failed"
  # Named the way kubeconform looks a kind up: <kind>-gateway-<version>.json.
  node "$converter" "$dir/config/crd/standard" "$target" \
    "$TOOLS_DIR/kubernetes-json-schema/v${KUBERNETES_VERSION#v}-standalone-strict" >/dev/null
  stamp gateway-api-json-schema "$stamp"
  say "gateway-api-json-schema $GATEWAY_API_VERSION: installed"
}

install_skaffold_schema() {
  # Named the way kubeconform looks a kind up: <kind>-<group>-<version>.json.
  local name="skaffold-schema" dir target
  target="$TOOLS_DIR/$name/config-skaffold-$SKAFFOLD_CONFIG_VERSION.json"
  if installed_at "$name" "$SKAFFOLD_MODULE_VERSION $SKAFFOLD_CONFIG_VERSION" && [[ -f "$target" ]]; then
    say "skaffold schema $SKAFFOLD_CONFIG_VERSION: present"
    return 0
  fi
  say "skaffold schema $SKAFFOLD_CONFIG_VERSION: downloading skaffold $SKAFFOLD_MODULE_VERSION"
  dir="$(go_module_dir "github.com/GoogleContainerTools/skaffold/v2@$SKAFFOLD_MODULE_VERSION")"
  [[ -n "$dir" ]] || fail "go mod download of skaffold $SKAFFOLD_MODULE_VERSION failed"
  mkdir -p "$TOOLS_DIR/$name"
  cp "$dir/docs-v2/content/en/schemas/$SKAFFOLD_CONFIG_VERSION.json" "$target"
  chmod u+w "$target"
  stamp "$name" "$SKAFFOLD_MODULE_VERSION $SKAFFOLD_CONFIG_VERSION"
  say "skaffold schema $SKAFFOLD_CONFIG_VERSION: installed"
}

install_infra_check_tools() {
  install_go_tool kustomize sigs.k8s.io/kustomize/kustomize/v5 "$KUSTOMIZE_VERSION"
  install_go_tool kubeconform github.com/yannh/kubeconform/cmd/kubeconform "$KUBECONFORM_VERSION"
  install_go_tool actionlint github.com/rhysd/actionlint/cmd/actionlint "$ACTIONLINT_VERSION"
  install_kubernetes_schemas
  install_gateway_api_schemas # after the Kubernetes schemas: it reads their ObjectMeta
  install_skaffold_schema
  install_debian_package shellcheck shellcheck # actionlint checks `run:` scripts with it
}
# ==== end of infra/check ====================================================================

main() {
  local only_servers=0
  case "${1:-}" in
    "") ;;
    --servers) only_servers=1 ;; # what the local stack runs (npm run dev), nothing else
    *) fail "unknown argument '$1' (usage: provision.sh [--servers])" ;;
  esac
  command -v go >/dev/null 2>&1 || fail "Go is required to build the pinned servers (Debian: golang-go, or go.dev/dl)"
  mkdir -p "$STAMPS_DIR"
  say "tools directory: $TOOLS_DIR"
  install_ferretdb
  install_go_tool nats-streaming-server github.com/nats-io/nats-streaming-server "$NATS_STREAMING_VERSION"
  install_stripe_mock
  install_debian_package nats-server nats-server
  install_debian_package redis-server redis-server
  if [[ "$only_servers" == 0 ]]; then
    install_debian_package chromium chromium
    install_infra_check_tools
  fi
  say "done"
}

main "$@"
