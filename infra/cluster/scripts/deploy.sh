# shellcheck shell=bash
# `deploy [base|gateway|jetstream]`: imports the images build-images.sh made into containerd, renders
# the local-cluster overlay with their tags and a static volume per claim, applies it with
# server-side apply, and waits for every rollout. Sourced by cluster.sh.

IMAGES_DIR="$CLUSTER_CACHE/images"
KUSTOMIZE="$TOOLS_DIR/kustomize"
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
APPS=(auth tickets orders payments expiration client)

# The manifest digest an OCI archive holds (the first of its index).
archive_digest() {
  tar --extract --to-stdout --file "$1" index.json | grep -o -m 1 'sha256:[0-9a-f]\{64\}' | head -n 1
}

# Imports each archive whose image containerd does not hold under its reference, at the same
# digest: an app's tag names its content, but a stand-in's names its upstream version, and a
# rebuilt recipe keeps it.
import_images() {
  local archive name ref present
  present="$(ctr_ images ls 2>/dev/null | awk 'NR > 1 { print $1 " " $3 }')"
  while IFS='=' read -r name ref; do
    [[ -n "$ref" ]] || continue
    name="${name,,}"
    archive="$IMAGES_DIR/${name//_/-}.tar"
    [[ -f "$archive" ]] || fail "no archive for $ref in $IMAGES_DIR: run npm run cluster -- images"
    grep -qxF "$ref $(archive_digest "$archive")" <<<"$present" && continue
    say "importing $ref"
    ctr_ images import --no-unpack=false "$archive" >/dev/null ||
      fail "ctr could not import $archive"
  done <"$IMAGES_DIR/images.env"
}

image_ref() { # NAME in images.env (AUTH, FERRETDB, ...)
  sed -n "s/^$1=//p" "$IMAGES_DIR/images.env"
}

# The kustomization `deploy` applies: the committed overlay, plus what only this machine
# knows (the tags just built, the volumes' directories).
write_deploy_kustomization() { # overlay dir
  local overlay="$1" dir="$2" app ref
  mkdir -p "$dir"
  {
    echo "apiVersion: kustomize.config.k8s.io/v1beta1"
    echo "kind: Kustomization"
    echo "resources:"
    # kustomize takes another kustomization only by a relative path.
    echo "  - $(realpath --relative-to "$dir" "$REPO_ROOT/infra/k8s/overlays/$overlay")"
    echo "images:"
    for app in "${APPS[@]}"; do
      ref="$(image_ref "${app^^}")"
      [[ -n "$ref" ]] || fail "images.env names no image for $app: run npm run cluster -- images"
      echo "  - name: ticketing/$app"
      echo "    newName: ${ref%:*}"
      echo "    newTag: ${ref##*:}"
    done
  } >"$dir/kustomization.yaml"
}

wait_rollouts() {
  local kind name namespace start=$SECONDS
  while read -r namespace kind name; do
    say "rollout: $namespace/$kind/$name"
    kubectl_ -n "$namespace" rollout status "$kind/$name" --timeout=300s >/dev/null || {
      say "$namespace/$kind/$name did not roll out; its pods:"
      kubectl_ -n "$namespace" get pods -o wide >&2
      kubectl_ -n "$namespace" get events --sort-by=.lastTimestamp 2>/dev/null | tail -n 15 >&2
      return 1
    }
  done < <(kubectl_ get deployments,statefulsets -A --no-headers \
    -o custom-columns=NS:.metadata.namespace,KIND:.kind,NAME:.metadata.name | awk '{print $1, tolower($2), $3}')
  figure "rollout of every workload" $((SECONDS - start))
}

# One variant at a time: apply does not remove what the other one had. A variant on the same
# event bus (base and gateway) keeps its stores and workloads: only the objects it lacks go (the
# Ingress, or the Gateway and its routes). Another bus replaces everything, claims included.
remove_other_variant() { # variant about to be deployed, its dir (rendered.yaml, bus)
  local other bus
  bus="$(cat "$2/bus")"
  for other in "$RUN_DIR"/deploy/*/; do
    [[ -d "$other" && "$(basename "$other")" != "$1" ]] || continue
    if [[ "$(cat "$other/bus" 2>/dev/null)" == "$bus" ]]; then
      say "replacing the $(basename "$other") deployment: removing what $1 does not have"
      node "$REPO_ROOT/infra/cluster/scripts/absent-objects.mjs" "$other/rendered.yaml" "$2/rendered.yaml" >"$2/gone.yaml"
      if [[ -s "$2/gone.yaml" ]]; then
        kubectl_ delete -f "$2/gone.yaml" --ignore-not-found --wait=true --timeout=180s >/dev/null
      fi
    else
      say "removing the $(basename "$other") deployment first"
      kubectl_ delete -f "$other/rendered.yaml" --ignore-not-found --wait=true --timeout=180s >/dev/null
      kubectl_ delete pvc --all --wait=true --timeout=60s >/dev/null
      kubectl_ delete -f "$other/volumes.yaml" --ignore-not-found --wait=true --timeout=60s >/dev/null
    fi
    rm -rf "$other"
  done
}

# The Gateway API names the HTTPS listener's certificate (there is no controller default as
# with the Ingress): a self-signed one for ticketing.dev, made once per cluster.
apply_gateway_certificate() {
  local dir="$RUN_DIR/gateway-tls"
  if [[ ! -s "$dir/tls.crt" ]]; then
    mkdir -p "$dir"
    openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj /CN=ticketing.dev \
      -addext subjectAltName=DNS:ticketing.dev -keyout "$dir/tls.key" -out "$dir/tls.crt" 2>/dev/null ||
      fail "openssl could not make the Gateway's certificate"
  fi
  kubectl_ create secret tls ticketing-dev-tls --cert="$dir/tls.crt" --key="$dir/tls.key" \
    --dry-run=client -o yaml | kubectl_ apply --server-side -f - >/dev/null
}

# Through the ingress, as a user: a rolled-out workload is not yet routed to until Traefik has
# seen its endpoints. Every route of the Ingress answers, or the deploy fails.
ingress_routes_all() { # address
  local path
  for path in /api/users/currentuser /api/tickets /healthz; do
    curl -fsSk -o /dev/null --max-time 5 --resolve "ticketing.dev:443:$1" "https://ticketing.dev$path" || return 1
  done
}

wait_ingress() {
  local address start=$SECONDS
  address="$(kubectl_ -n traefik get service traefik -o jsonpath='{.spec.clusterIP}')"
  until ingress_routes_all "$address"; do
    if ((SECONDS - start >= 90)); then
      say "the ingress at $address does not route https://ticketing.dev after 90 s; Traefik's log:"
      kubectl_ -n traefik logs deployment/traefik --tail=15 >&2
      return 1
    fi
    sleep 1
  done
  figure "ingress routing every path after the rollout" $((SECONDS - start))
}

cluster_deploy() { # [base|gateway|jetstream]
  local variant="${1:-base}" overlay bus dir start=$SECONDS
  case "$variant" in
    base) overlay=local-cluster bus=nats-streaming ;;
    gateway) overlay=local-cluster-gateway bus=nats-streaming ;;
    jetstream) overlay=local-cluster-jetstream bus=jetstream ;;
    *) fail "deploy takes base, gateway or jetstream, not $variant" ;;
  esac
  [[ -d "$RUN_DIR" ]] || fail "no cluster is running: npm run cluster -- up"
  [[ -f "$IMAGES_DIR/images.env" ]] || fail "no images built: npm run cluster -- images"
  timed "image import" import_images
  dir="$RUN_DIR/deploy/$variant"
  write_deploy_kustomization "$overlay" "$dir"
  "$KUSTOMIZE" build "$dir" >"$dir/rendered.yaml"
  echo "$bus" >"$dir/bus"
  remove_other_variant "$variant" "$dir"
  # Volumes belong to the bus's stores, so variants on one bus share them.
  node "$REPO_ROOT/infra/cluster/scripts/static-volumes.mjs" "$RUN_DIR/volumes/$bus" \
    <"$dir/rendered.yaml" >"$dir/volumes.yaml"
  # Every pod of the application must meet the restricted Pod Security profile.
  kubectl_ label namespace default --overwrite \
    pod-security.kubernetes.io/enforce=restricted pod-security.kubernetes.io/warn=restricted >/dev/null
  if [[ "$variant" == gateway ]]; then apply_gateway_certificate; fi
  say "applying $overlay (server-side)"
  kubectl_ apply --server-side -f "$dir/volumes.yaml" >/dev/null
  kubectl_ apply --server-side --force-conflicts -f "$dir/rendered.yaml" >"$dir/applied.txt"
  wait_rollouts
  wait_ingress
  figure "deploy $variant (import, apply, rollout)" $((SECONDS - start))
}
