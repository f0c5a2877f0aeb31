#!/usr/bin/env bash
# A real single-node Kubernetes cluster on this machine, without Docker (infra/README.md, "Run
# on a real cluster without Docker"). `npm run cluster -- <command>`:
#   provision   install and build what the cluster needs (cached; a second run is a no-op)
#   up          start the cluster (cleans up what a killed run left first)
#   images      build every image from the repository's Dockerfiles, and the stand-ins
#   deploy [base|gateway|jetstream]  import the images, apply that CI overlay, wait for every
#               rollout (base: NATS Streaming and the Ingress; gateway: the Gateway API instead)
#   test        provision, up, images, deploy, the cluster test suite, down
#   down        stop everything and put the host back as it was
#   status      what runs, and the host's state against the snapshot taken by up
#   kubectl ARGS...  kubectl against the cluster
#   kubeconfig  the path of the cluster's admin kubeconfig
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/lib.sh
source "$here/scripts/lib.sh"
# shellcheck source=scripts/host-state.sh
source "$here/scripts/host-state.sh"
# shellcheck source=scripts/pki.sh
source "$here/scripts/pki.sh"
# shellcheck source=scripts/up.sh
source "$here/scripts/up.sh"
# shellcheck source=scripts/down.sh
source "$here/scripts/down.sh"
# shellcheck source=scripts/deploy.sh
source "$here/scripts/deploy.sh"

cluster_status() {
  local name
  if [[ ! -d "$RUN_DIR" ]]; then
    say "no cluster is running"
    return 0
  fi
  for name in containerd etcd kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy coredns; do
    if component_running "$name"; then say "$name: running (pid $(cat "$PIDS/$name"))"; else say "$name: not running"; fi
  done
  kubectl_ get nodes -o wide 2>/dev/null || true
  kubectl_ get pods -A -o wide 2>/dev/null || true
}

# The cluster tier: everything it needs, then the suite (it brings the cluster up, deploys,
# drives and takes it down); the suite's summary is the last line.
cluster_test() {
  local start=$SECONDS status=0 output
  : >"$FIGURES"
  timed "provision (Debian packages, Kubernetes, CoreDNS, Traefik)" bash "$here/scripts/provision-cluster.sh"
  timed "images (base, stand-ins, the six from their Dockerfiles)" bash "$here/scripts/build-images.sh" all
  output="$(mktemp)"
  (cd "$here/../.." && npx jest -c infra/cluster/jest.config.ts --runInBand) 2>&1 | tee "$output" || status=1
  say "cluster tier: $((SECONDS - start)) s"
  # The suite's "N passed, N failed, N skipped" stays the last line.
  grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' "$output" | tail -n 1
  rm -f "$output"
  return "$status"
}

usage() {
  sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
}

main() {
  local command="${1:-}"
  [[ $# -gt 0 ]] && shift
  case "$command" in
    provision) bash "$here/scripts/provision-cluster.sh" ;;
    up) cluster_up ;;
    images) bash "$here/scripts/build-images.sh" "$@" ;;
    deploy) cluster_deploy "$@" ;;
    test) cluster_test ;;
    down) cluster_down ;;
    status) cluster_status ;;
    kubectl) kubectl_ "$@" ;;
    kubeconfig) echo "$ADMIN_KUBECONFIG" ;;
    kubectl-dir) echo "$K8S_BIN" ;; # internal: where the pinned kubectl is
    # Internal, for the tests: write the host's state into a directory; compare two.
    host-snapshot) host_snapshot "$1" ;;
    host-diff) host_diff "$1" "$2" ;;
    *) usage ;;
  esac
}

main "$@"
