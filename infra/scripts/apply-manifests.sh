#!/usr/bin/env bash
# Applies a kustomize overlay to the current cluster with every ticketing/<svc> image pointed at
# a registry, at the tag the cluster runs now: applying manifests never moves a service to
# another build (the deploy workflow's rollout job does that, to the commit's image). A
# Deployment not yet in the cluster starts from :latest.
#   usage: apply-manifests.sh <overlay dir> <registry, e.g. europe-west1-docker.pkg.dev/p/ticketing>
set -euo pipefail

overlay="${1:?usage: apply-manifests.sh <overlay dir> <registry>}"
registry="${2:?usage: apply-manifests.sh <overlay dir> <registry>}"

# The images live in a kustomization of their own, beside the overlay, made for this run only.
work="$(mktemp -d "$(dirname "$overlay")/.apply-XXXXXX")"
trap 'rm -rf "$work"' EXIT

{
  printf 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n'
  printf 'resources:\n  - ../%s\nimages:\n' "$(basename "$overlay")"
  for service in $(kubectl kustomize "$overlay" | sed -n 's#^ *image: ticketing/\([a-z0-9-]*\)$#\1#p' | sort -u); do
    running="$(kubectl get deployment "$service-depl" \
      -o jsonpath="{.spec.template.spec.containers[?(@.name=='$service')].image}" 2>/dev/null || true)"
    tag="latest"
    if [[ "$running" == "$registry/$service:"* ]]; then tag="${running##*:}"; fi
    printf '  - name: ticketing/%s\n    newName: %s/%s\n    newTag: %s\n' "$service" "$registry" "$service" "$tag"
  done
} >"$work/kustomization.yaml"

cat "$work/kustomization.yaml"
kubectl apply -k "$work"
