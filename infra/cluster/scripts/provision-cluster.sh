#!/usr/bin/env bash
# Installs what a cluster on this machine needs, pinned and cached beside the other provisioned
# tools ($TICKETING_TOOLS_DIR, default ~/.cache/ticketing/bin); a second run takes a second.
#   containerd, runc, CNI plugins, iptables, conntrack, buildah, umoci, debootstrap, openssl
#     -> Debian packages
#   kube-apiserver, kube-controller-manager, kube-scheduler, kubelet, kube-proxy, kubectl, etcd
#     -> built from k8s.io/kubernetes on the Go module proxy (build-kubernetes.sh)
#   CoreDNS -> built from github.com/coredns/coredns with only the plugins the cluster uses
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$here/lib.sh"
export GOTOOLCHAIN=local GOFLAGS="-buildvcs=false"

DEBIAN_PACKAGES=(containerd runc containernetworking-plugins iptables nftables conntrack buildah umoci debootstrap openssl)

install_debian_packages() {
  local missing=() p
  for p in "${DEBIAN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if ((${#missing[@]} == 0)); then
    say "Debian packages: present (${DEBIAN_PACKAGES[*]})"
    return 0
  fi
  say "Debian packages: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # The package starts containerd where an init system runs; the cluster runs its own.
  if pgrep -x containerd >/dev/null && [[ ! -S "$CONTAINERD_SOCK" ]]; then
    say "stopping the containerd the package started (the cluster starts its own)"
    service containerd stop >/dev/null 2>&1 || pkill -x containerd || true
  fi
}

install_kubernetes() {
  if [[ -f "$K8S_BIN/.complete" ]]; then
    say "kubernetes $KUBERNETES_VERSION and etcd: present"
    return 0
  fi
  timed "build of kubernetes $KUBERNETES_VERSION and etcd" bash "$here/build-kubernetes.sh" "$KUBERNETES_VERSION" "$K8S_BIN"
  touch "$K8S_BIN/.complete"
}

install_coredns() {
  local bin="$TOOLS_DIR/coredns-$COREDNS_VERSION" work
  if [[ -x "$bin" ]]; then
    say "coredns $COREDNS_VERSION: present"
    return 0
  fi
  say "coredns $COREDNS_VERSION: building (about a minute)"
  work="$(mktemp -d)"
  # Only the plugins the cluster's Corefile names (cluster.sh): a smaller binary, fewer modules.
  cat >"$work/main.go" <<'EOF'
package main

import (
	_ "github.com/coredns/coredns/plugin/bind"
	_ "github.com/coredns/coredns/plugin/cache"
	_ "github.com/coredns/coredns/plugin/errors"
	_ "github.com/coredns/coredns/plugin/health"
	_ "github.com/coredns/coredns/plugin/kubernetes"
	_ "github.com/coredns/coredns/plugin/ready"

	"github.com/coredns/coredns/coremain"
)

func main() { coremain.Run() }
EOF
  (
    cd "$work"
    go mod init ticketing.local/coredns >/dev/null 2>&1
    go get "github.com/coredns/coredns@$COREDNS_VERSION" >/dev/null 2>&1
    go mod tidy >/dev/null 2>&1
    CGO_ENABLED=0 go build -trimpath -ldflags=-s -o "$bin" .
  ) || {
    rm -rf "$work"
    fail "coredns $COREDNS_VERSION did not build (run the steps in $0 by hand to see why)"
  }
  rm -rf "$work"
  say "coredns $COREDNS_VERSION: installed"
}

main() {
  require_root
  command -v go >/dev/null 2>&1 || fail "Go is required to build Kubernetes (Debian: golang-go)"
  mkdir -p "$TOOLS_DIR"
  install_debian_packages
  install_kubernetes
  install_coredns
  bash "$here/build-traefik.sh" "$TOOLS_DIR"
}

main "$@"
