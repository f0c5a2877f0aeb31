#!/usr/bin/env bash
# Builds the Kubernetes control plane, node binaries and etcd from the Go module proxy into
# DEST (kube-apiserver, kube-controller-manager, kube-scheduler, kubelet, kube-proxy, kubectl,
# etcd). Called by provision-cluster.sh, which skips it when DEST already holds this version.
#
# The k8s.io/kubernetes module zip has no staging/ tree (its go.mod replaces k8s.io/api and the
# other staging modules with ./staging/src/k8s.io/<m>), so the tree is copied somewhere
# writable and each staging directory is filled from the published k8s.io/<m>@v0.<minor>.<patch>
# module. etcd is built from the same tree, at the etcd version Kubernetes itself requires.
set -euo pipefail

VERSION="$1" # e.g. v1.34.4
DEST="$2"

say() { printf '[cluster] %s\n' "$*"; }
module_dir() { go mod download -json "$1" | sed -n 's/.*"Dir": "\(.*\)",/\1/p'; }

export GOTOOLCHAIN=local GOWORK=off GOFLAGS="-mod=mod -buildvcs=false" CGO_ENABLED=0
staging_version="v0.${VERSION#v1.}"

work="$(mktemp -d "${TMPDIR:-/tmp}/ticketing-k8s-build.XXXXXX")"
trap 'rm -rf "$work"' EXIT

say "kubernetes $VERSION: downloading the module"
src="$(module_dir "k8s.io/kubernetes@$VERSION")"
[[ -n "$src" ]] || {
  echo "go mod download k8s.io/kubernetes@$VERSION failed" >&2
  exit 1
}
cp -r "$src/." "$work/"
chmod -R u+w "$work"

# Every `k8s.io/<m> => ./staging/src/k8s.io/<m>` replacement, less the sample modules, which
# nothing we build imports and which the proxy does not serve.
mapfile -t staging < <(sed -n 's#^\s*k8s.io/\([a-z0-9-]*\) => ./staging/src/k8s.io/.*#\1#p' "$work/go.mod" | grep -v '^sample-')
say "kubernetes $VERSION: filling staging/ from ${#staging[@]} published modules at $staging_version"
for m in "${staging[@]}"; do
  dir="$(module_dir "k8s.io/$m@$staging_version")"
  [[ -n "$dir" ]] || {
    echo "go mod download k8s.io/$m@$staging_version failed" >&2
    exit 1
  }
  mkdir -p "$work/staging/src/k8s.io/$m"
  cp -r "$dir/." "$work/staging/src/k8s.io/$m/"
done
chmod -R u+w "$work/staging"
# Drop the sample modules we did not fill, so the build does not look for them.
for m in $(sed -n 's#^\s*k8s.io/\(sample-[a-z-]*\) => .*#\1#p' "$work/go.mod"); do
  (cd "$work" && go mod edit -droprequire "k8s.io/$m" -dropreplace "k8s.io/$m")
done

mkdir -p "$work/cmd/ticketing-etcd"
cat >"$work/cmd/ticketing-etcd/main.go" <<'EOF'
// etcd at the version this Kubernetes release requires (go.etcd.io/etcd/server/v3 in its go.mod).
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
EOF

minor="${VERSION#v1.}"
minor="${minor%%.*}"
ldflags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldflags+=" -X $pkg.gitVersion=$VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean"
done

mkdir -p "$DEST"
say "kubernetes $VERSION: compiling 6 binaries and etcd (about 4 minutes on 2 cores from a cold Go cache)"
(cd "$work" && go build -trimpath -ldflags "$ldflags" -o "$work/out/" \
  ./cmd/kube-apiserver ./cmd/kube-controller-manager ./cmd/kube-scheduler \
  ./cmd/kubelet ./cmd/kube-proxy ./cmd/kubectl ./cmd/ticketing-etcd)
mv "$work/out/ticketing-etcd" "$work/out/etcd"
for b in kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl etcd; do
  install -m 0755 "$work/out/$b" "$DEST/$b"
done
say "kubernetes $VERSION: built into $DEST"
