# shellcheck shell=bash
# What every cluster script shares: the pinned versions, where things live, the addresses, and
# small helpers. Sourced, never run.

# KUBERNETES_VERSION and GATEWAY_API_VERSION, shared with the offline manifest checks.
# shellcheck source=SCRIPTDIR/../../../scripts/kubernetes-versions.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../../scripts/kubernetes-versions.sh"
COREDNS_VERSION=v1.12.1
PAUSE_IMAGE=registry.k8s.io/pause:3.10.1

TOOLS_DIR="${TICKETING_TOOLS_DIR:-$HOME/.cache/ticketing/bin}"
K8S_BIN="$TOOLS_DIR/kubernetes-$KUBERNETES_VERSION"
CLUSTER_CACHE="${TICKETING_CLUSTER_CACHE:-$HOME/.cache/ticketing/cluster}"
# Kept across runs: containerd's content store (the imported images) and the logs of the
# last run. Everything else lives under RUN_DIR and is removed by `down`.
CONTAINERD_ROOT="$CLUSTER_CACHE/containerd"
LOG_DIR="$CLUSTER_CACHE/logs"
FIGURES="$LOG_DIR/figures.txt" # what `test` measured, a line each, printed at its end
RUN_DIR="$CLUSTER_CACHE/run"
PKI="$RUN_DIR/pki"
PIDS="$RUN_DIR/pids"
HOST_BEFORE="$CLUSTER_CACHE/host-before" # the host as it was before `up`; kept until `down` ends

# One bridge carries all pod traffic; the node's address is the bridge's, so nothing the
# cluster serves listens on another interface.
BRIDGE=cni0
NODE_IP=10.244.0.1
POD_CIDR=10.244.0.0/24
SERVICE_CIDR=10.96.0.0/24
KUBERNETES_SERVICE_IP=10.96.0.1
NODE_NAME=ticketing-node
GUARD_TABLE=ticketing_guard # nftables table of the rules that keep pod traffic on the bridge
ETCD_CLIENT=127.0.0.1:32379
ETCD_PEER=127.0.0.1:32380
CONTAINERD_SOCK="$RUN_DIR/containerd/containerd.sock"
ADMIN_KUBECONFIG="$PKI/admin.kubeconfig"

say() { printf '[cluster] %s\n' "$*"; }
fail() {
  printf '[cluster] error: %s\n' "$*" >&2
  exit 1
}

kubectl_() { "$K8S_BIN/kubectl" --kubeconfig "$ADMIN_KUBECONFIG" "$@"; }
ctr_() { ctr --address "$CONTAINERD_SOCK" --namespace k8s.io "$@"; }

# Prints a figure and writes it down, for the summary `test` prints at its end.
figure() { # label seconds
  say "$1: $2 s"
  mkdir -p "$LOG_DIR"
  echo "$1: $2 s" >>"$FIGURES"
}

# Runs a step and records how long it took: `timed "label" command...`.
timed() {
  local label="$1" start=$SECONDS
  shift
  "$@"
  figure "$label" $((SECONDS - start))
}

require_root() {
  [[ "$(id -u)" == 0 ]] || fail "a cluster needs root (it creates a bridge, iptables rules and cgroups); run as root"
}
