#!/usr/bin/env bash
# Builds Traefik v3 (the ingress controller of the local cluster, see infra/k8s/controllers/traefik)
# from the Go module proxy into DEST_DIR/traefik, and writes the Gateway API standard-channel CRDs
# that this Traefik release supports to DEST_DIR/gateway-api-crds-<version>.yaml.
#
#   build-traefik.sh DEST_DIR
#
# TRAEFIK_VERSION overrides the release (default below). The Gateway API version is not a
# second setting: it is read from Traefik's own go.mod (the sigs.k8s.io/gateway-api it is built
# and conformance-tested against), so the CRDs always match the controller.
#
# Skips all work when DEST_DIR/.traefik-version already names the same two versions and both
# files exist.
#
# The module zip is not the release tree, and the proxy does not serve every dependency, so the
# build works in a writable copy and changes it in four places (each one is logged):
#   - webui/static holds only a note: the dashboard's HTML/JS is built with Node by the release
#     pipeline. The binary embeds that directory and will not start its dashboard without an
#     index.html, so a one-page placeholder goes there. Our manifests never enable the dashboard.
#   - pkg/config/dynamic/ext is a nested module (an empty extension point of the dynamic
#     configuration, wired in with a `replace ... => ./pkg/config/dynamic/ext`), and nested
#     modules are left out of a module zip: it is written anew, two empty struct types.
#   - ACME's DNS-01 challenge links every lego DNS provider, and the proxy refuses about fifteen
#     of their SDKs ("403 ... This module version is not available"). The DNS challenge is cut
#     out (asking for it fails with a clear error); HTTP-01 and TLS-ALPN-01 stay. The cluster
#     uses no ACME at all.
#   - When the proxy refuses the pinned fork of go-http-auth (basicAuth/digestAuth middlewares),
#     the older fork commit Traefik v3.6 pinned is used instead. Nothing here uses those
#     middlewares.
set -euo pipefail

TRAEFIK_VERSION="${TRAEFIK_VERSION:-v3.7.13}"
DEST="${1:?usage: build-traefik.sh DEST_DIR}"
MODULE=github.com/traefik/traefik/v3
# The go-http-auth fork commit Traefik v3.6.x pinned: the fallback when the proxy refuses the
# one this release pins.
HTTP_AUTH_FALLBACK=github.com/containous/go-http-auth@v0.4.1-0.20200324110947-a37a7636d23e

say() { printf '[traefik] %s\n' "$*"; }
fail() {
  printf '[traefik] error: %s\n' "$*" >&2
  exit 1
}
# The module's extracted (read-only) directory in the module cache; empty when refused.
module_dir() { go mod download -json "$1" 2>/dev/null | sed -n 's/.*"Dir": "\(.*\)",/\1/p' || true; }

# -mod=mod: the copy's go.mod is edited below, and go.sum then gains the lines for it.
export GOTOOLCHAIN=local GOWORK=off GOFLAGS="-buildvcs=false -mod=mod" CGO_ENABLED=0

command -v go >/dev/null || fail "go is not on PATH"

say "traefik $TRAEFIK_VERSION: downloading the module"
src="$(module_dir "$MODULE@$TRAEFIK_VERSION")"
[[ -n "$src" && -f "$src/go.mod" ]] || fail "go mod download $MODULE@$TRAEFIK_VERSION failed"

# `sigs.k8s.io/gateway-api v1.x.y` in the require block (not the conformance submodule).
gateway_version="$(sed -n 's#^[[:space:]]*sigs\.k8s\.io/gateway-api[[:space:]]\{1,\}\(v[0-9][^[:space:]]*\).*#\1#p' "$src/go.mod" | head -n 1)"
[[ -n "$gateway_version" ]] || fail "no sigs.k8s.io/gateway-api requirement in $MODULE@$TRAEFIK_VERSION's go.mod"

stamp="$DEST/.traefik-version"
crds="$DEST/gateway-api-crds-$gateway_version.yaml"
want="traefik $TRAEFIK_VERSION gateway-api $gateway_version"
if [[ -x "$DEST/traefik" && -s "$crds" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
  say "traefik $TRAEFIK_VERSION and gateway-api $gateway_version CRDs already in $DEST"
  exit 0
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/ticketing-traefik-build.XXXXXX")"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/out" "$work/src"

cp -r "$src/." "$work/src/"
chmod -R u+w "$work/src"
tree="$work/src"

if [[ ! -f "$tree/webui/static/index.html" ]]; then
  say "webui/static has no built dashboard in the module zip: writing a placeholder index.html"
  mkdir -p "$tree/webui/static"
  cat >"$tree/webui/static/index.html" <<'EOF'
<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Traefik</title></head>
<body><p>This Traefik was built from its Go module, without the web dashboard.
The API is at <code>{{ .APIUrl }}</code>.</p></body>
</html>
EOF
fi

ext_dir="$(sed -n 's#^replace github.com/traefik/traefik/dynamic/ext => \./\(.*\)$#\1#p' "$tree/go.mod")"
if [[ -n "$ext_dir" && ! -f "$tree/$ext_dir/go.mod" ]]; then
  say "$ext_dir (a nested module, not in the zip): writing the empty extension types"
  mkdir -p "$tree/$ext_dir"
  printf 'module github.com/traefik/traefik/dynamic/ext\n\ngo 1.24.0\n' >"$tree/$ext_dir/go.mod"
  cat >"$tree/$ext_dir/ext.go" <<'EOF'
// Package ext is the extension point that dynamic.HTTPConfiguration and dynamic.Router embed.
// The open-source build extends nothing, so both types are empty.
package ext

// HTTP is embedded in dynamic.HTTPConfiguration.
type HTTP struct{}

// Router is embedded in dynamic.Router.
type Router struct{}
EOF
fi

acme="$tree/pkg/provider/acme/provider.go"
if grep -q '"github.com/go-acme/lego/v[0-9]*/providers/dns"' "$acme"; then
  say "leaving lego's DNS providers out (the proxy refuses several of their SDKs): no ACME DNS-01 challenge"
  sed -i \
    -e '\#"github.com/go-acme/lego/v[0-9]*/providers/dns"#d' \
    -e 's#dns\.NewDNSChallengeProviderByName(p\.DNSChallenge\.Provider)#nil, fmt.Errorf("ACME DNS challenge provider %q: this Traefik was built without DNS providers", p.DNSChallenge.Provider)#' \
    "$acme"
  grep -q 'built without DNS providers' "$acme" || fail "could not cut the DNS providers out of $acme"
fi

http_auth="$(sed -n 's#^[[:space:]]*github.com/abbot/go-http-auth => \([^[:space:]]*\) \([^[:space:]]*\)$#\1@\2#p' "$tree/go.mod")"
if [[ -n "$http_auth" && -z "$(module_dir "$http_auth")" ]]; then
  say "the proxy refuses $http_auth: using $HTTP_AUTH_FALLBACK (basicAuth/digestAuth middlewares)"
  (cd "$tree" && go mod edit -replace "github.com/abbot/go-http-auth=$HTTP_AUTH_FALLBACK")
fi

say "traefik $TRAEFIK_VERSION: downloading the modules ./cmd/traefik imports"
if ! (cd "$tree" && go list -deps ./cmd/traefik >/dev/null 2>"$work/fetch.log"); then
  grep -v '^go: downloading' "$work/fetch.log" | tail -n 20 >&2
  fail "could not fetch the modules of $MODULE@$TRAEFIK_VERSION"
fi

build_date="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
pkg="$MODULE/pkg/version"
ldflags="-s -w -X $pkg.Version=$TRAEFIK_VERSION -X $pkg.BuildDate=$build_date"
build() { (cd "$tree" && go build -trimpath -ldflags "$ldflags $*" -o "$work/out/traefik" ./cmd/traefik); }

say "traefik $TRAEFIK_VERSION: compiling ./cmd/traefik (CGO_ENABLED=0; about 10 minutes on 2 cores from a cold Go cache)"
start=$SECONDS
if ! build 2>"$work/build.log"; then
  # Older releases pin dependencies that reach into the runtime with //go:linkname, which
  # newer Go linkers reject unless told not to check.
  if grep -q 'linkname' "$work/build.log"; then
    say "the linker refused a //go:linkname reference; rebuilding with -checklinkname=0"
    build -checklinkname=0
  else
    grep -v '^go: downloading' "$work/build.log" | tail -n 30 >&2
    fail "go build ./cmd/traefik failed"
  fi
fi
say "traefik $TRAEFIK_VERSION: compiled in $((SECONDS - start))s"
"$work/out/traefik" version | sed 's/^/[traefik]   /'

say "gateway-api $gateway_version: downloading the module for its standard-channel CRDs"
gw="$(module_dir "sigs.k8s.io/gateway-api@$gateway_version")"
[[ -n "$gw" && -d "$gw/config/crd/standard" ]] || fail "sigs.k8s.io/gateway-api@$gateway_version has no config/crd/standard"
# The same set, in the same order, as the release's standard-install.yaml: the module's own
# config/crd kustomization lists it; fall back to every file of the directory.
mapfile -t crd_files < <(sed -n 's#^[[:space:]]*-[[:space:]]*\(standard/[^[:space:]]*\.yaml\).*#\1#p' "$gw/config/crd/kustomization.yaml" 2>/dev/null || true)
if ((${#crd_files[@]} == 0)); then
  mapfile -t crd_files < <(cd "$gw/config/crd" && ls standard/*.yaml)
fi
{
  printf '# Gateway API %s, standard channel, from sigs.k8s.io/gateway-api config/crd:\n' "$gateway_version"
  printf '#   %s\n' "${crd_files[@]}"
  for f in "${crd_files[@]}"; do
    printf -- '---\n# Source: config/crd/%s\n' "$f"
    # A file's own leading `---`, if any, would make an empty document.
    sed '1{/^---[[:space:]]*$/d}' "$gw/config/crd/$f"
  done
} >"$work/out/crds.yaml"
say "gateway-api $gateway_version: ${#crd_files[@]} files, $(grep -c '^kind: CustomResourceDefinition' "$work/out/crds.yaml") CRDs"

mkdir -p "$DEST"
install -m 0755 "$work/out/traefik" "$DEST/traefik"
install -m 0644 "$work/out/crds.yaml" "$crds"
printf '%s\n' "$want" >"$stamp"
say "traefik $TRAEFIK_VERSION into $DEST/traefik, CRDs into $crds"
