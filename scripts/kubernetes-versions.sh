# shellcheck shell=bash
# The Kubernetes and Gateway API versions, pinned once for both uses: the cluster that
# `npm run cluster` builds and runs (infra/cluster/scripts/lib.sh), and the schemas that
# scripts/provision.sh converts to validate the manifests offline (infra/check). Sourced.

KUBERNETES_VERSION=v1.34.4 # kubelets from 1.35 on refuse cgroup v1, which these machines have
GATEWAY_API_VERSION=v1.6.1 # the CRDs Traefik v3.7's go.mod names (build-traefik.sh copies them)
