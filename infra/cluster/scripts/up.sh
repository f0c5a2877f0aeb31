# shellcheck shell=bash
# `up`: a single-node cluster from the provisioned binaries. Every component is a process on
# the host (logs in $LOG_DIR/<name>.log); pods run in containerd. Sourced by cluster.sh.

# Starts a component in its own session, so that `down` can stop it and all it started.
start_component() { # name command...
  local name="$1"
  shift
  setsid "$@" >"$LOG_DIR/$name.log" 2>&1 </dev/null &
  echo $! >"$PIDS/$name"
}

component_running() { [[ -f "$PIDS/$1" ]] && kill -0 "$(cat "$PIDS/$1")" 2>/dev/null; }

# Fails with the component's last log lines when it has exited.
check_alive() { # name
  component_running "$1" && return 0
  say "$1 exited; the last lines of $LOG_DIR/$1.log:"
  tail -n 15 "$LOG_DIR/$1.log" >&2
  return 1
}

wait_component() { # seconds name description command...
  local limit="$1" name="$2" what="$3" start=$SECONDS next=10
  shift 3
  until "$@" >/dev/null 2>&1; do
    check_alive "$name" || return 1
    if ((SECONDS - start >= limit)); then
      say "$name: not $what after $limit s; the last lines of $LOG_DIR/$name.log:"
      tail -n 15 "$LOG_DIR/$name.log" >&2
      return 1
    fi
    if ((SECONDS - start >= next)); then
      say "waiting for $name to be $what ($((SECONDS - start)) s)"
      next=$((next + 10))
    fi
    sleep 0.5
  done
}

api_get() { # path
  curl -fsS --cacert "$PKI/ca.crt" --cert "$PKI/admin.crt" --key "$PKI/admin.key" "https://$NODE_IP:6443$1"
}

# The bridge exists before anything binds to its address; guard rules drop any forwarded
# packet from or to the pod or Service range that would leave the bridge, so pods reach
# nothing but each other and the node.
make_network() {
  ip link add "$BRIDGE" type bridge
  ip addr add "$NODE_IP/24" dev "$BRIDGE"
  ip link set "$BRIDGE" up
  # A table of its own, hooked before iptables' filter chains (priority -10), so no rule that
  # kube-proxy or the kubelet add can come first.
  nft -f - <<EOF
table inet $GUARD_TABLE {
  chain forward {
    type filter hook forward priority -10; policy accept;
    iifname "$BRIDGE" oifname "$BRIDGE" accept
    ip saddr { $POD_CIDR, $SERVICE_CIDR } drop
    ip daddr { $POD_CIDR, $SERVICE_CIDR } drop
  }
}
EOF
  mkdir -p "$RUN_DIR/cni/net.d"
  cat >"$RUN_DIR/cni/net.d/10-ticketing.conflist" <<EOF
{
  "cniVersion": "1.0.0",
  "name": "ticketing",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "$BRIDGE",
      "isGateway": true,
      "isDefaultGateway": true,
      "ipMasq": false,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "ranges": [[{ "subnet": "$POD_CIDR", "gateway": "$NODE_IP" }]],
        "dataDir": "$RUN_DIR/cni/ipam"
      }
    }
  ]
}
EOF
}

start_containerd() {
  mkdir -p "$RUN_DIR/containerd" "$CONTAINERD_ROOT"
  cat >"$RUN_DIR/containerd/config.toml" <<EOF
version = 2
root = "$CONTAINERD_ROOT"
state = "$RUN_DIR/containerd/state"
# Without CAP_SYS_RESOURCE a container may only raise its OOM score, never lower it.
[grpc]
  address = "$CONTAINERD_SOCK"
[ttrpc]
  address = "$CONTAINERD_SOCK.ttrpc"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$PAUSE_IMAGE"
  restrict_oom_score_adj = true
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$RUN_DIR/cni/net.d"
[plugins."io.containerd.internal.v1.opt"]
  path = "$RUN_DIR/containerd/opt"
EOF
  start_component containerd containerd --config "$RUN_DIR/containerd/config.toml"
  wait_component 30 containerd "serving" ctr_ version
}

start_etcd() {
  start_component etcd "$K8S_BIN/etcd" --name ticketing --data-dir "$RUN_DIR/etcd" \
    --listen-client-urls "http://$ETCD_CLIENT" --advertise-client-urls "http://$ETCD_CLIENT" \
    --listen-peer-urls "http://$ETCD_PEER" --initial-advertise-peer-urls "http://$ETCD_PEER" \
    --initial-cluster "ticketing=http://$ETCD_PEER" --listen-metrics-urls "" --log-level warn
  wait_component 30 etcd "healthy" curl -fsS "http://$ETCD_CLIENT/health"
}

start_control_plane() {
  start_component kube-apiserver "$K8S_BIN/kube-apiserver" \
    --etcd-servers "http://$ETCD_CLIENT" \
    --bind-address "$NODE_IP" --advertise-address "$NODE_IP" --secure-port 6443 \
    --service-cluster-ip-range "$SERVICE_CIDR" \
    --client-ca-file "$PKI/ca.crt" \
    --tls-cert-file "$PKI/apiserver.crt" --tls-private-key-file "$PKI/apiserver.key" \
    --kubelet-client-certificate "$PKI/apiserver-kubelet-client.crt" \
    --kubelet-client-key "$PKI/apiserver-kubelet-client.key" \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --service-account-key-file "$PKI/service-account.pub" \
    --service-account-signing-key-file "$PKI/service-account.key" \
    --authorization-mode Node,RBAC --enable-admission-plugins NodeRestriction \
    --kubelet-preferred-address-types InternalIP \
    --allow-privileged=false --profiling=false
  wait_component 90 kube-apiserver "ready" api_get /readyz
  start_component kube-controller-manager "$K8S_BIN/kube-controller-manager" \
    --kubeconfig "$PKI/controller-manager.kubeconfig" \
    --authentication-kubeconfig "$PKI/controller-manager.kubeconfig" \
    --authorization-kubeconfig "$PKI/controller-manager.kubeconfig" \
    --bind-address 127.0.0.1 --leader-elect=false --use-service-account-credentials \
    --service-account-private-key-file "$PKI/service-account.key" --root-ca-file "$PKI/ca.crt" \
    --cluster-name ticketing --profiling=false
  start_component kube-scheduler "$K8S_BIN/kube-scheduler" \
    --kubeconfig "$PKI/scheduler.kubeconfig" \
    --authentication-kubeconfig "$PKI/scheduler.kubeconfig" \
    --authorization-kubeconfig "$PKI/scheduler.kubeconfig" \
    --bind-address 127.0.0.1 --leader-elect=false --profiling=false
}

start_kubelet() {
  mkdir -p "$RUN_DIR/kubelet"
  # An empty resolv.conf: pods with dnsPolicy Default get no nameserver off the machine.
  : >"$RUN_DIR/kubelet/resolv.conf"
  cat >"$RUN_DIR/kubelet/config.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $NODE_IP
port: 10250
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: 10248
authentication:
  anonymous: { enabled: false }
  webhook: { enabled: true }
  x509: { clientCAFile: $PKI/ca.crt }
authorization: { mode: Webhook }
# PID 1 is not systemd and the machine has cgroups v1.
cgroupDriver: cgroupfs
failCgroupV1: false
# Root here lacks CAP_SYS_RESOURCE, which lowering its own OOM score needs.
oomScoreAdj: 0
containerRuntimeEndpoint: unix://$CONTAINERD_SOCK
clusterDNS: [$NODE_IP]
clusterDomain: cluster.local
resolvConf: $RUN_DIR/kubelet/resolv.conf
podLogsDir: $RUN_DIR/pod-logs
# Images cannot be pulled again here: never collect them.
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
failSwapOn: false
EOF
  start_component kubelet "$K8S_BIN/kubelet" --config "$RUN_DIR/kubelet/config.yaml" \
    --kubeconfig "$PKI/kubelet.kubeconfig" --hostname-override "$NODE_NAME" --node-ip "$NODE_IP" \
    --root-dir "$RUN_DIR/kubelet" --cert-dir "$RUN_DIR/kubelet/pki"
}

start_kube_proxy() {
  cat >"$RUN_DIR/kube-proxy.yaml" <<EOF
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection: { kubeconfig: $PKI/kube-proxy.kubeconfig }
hostnameOverride: $NODE_NAME
mode: iptables
bindAddress: 127.0.0.1
healthzBindAddress: 127.0.0.1:10256
metricsBindAddress: 127.0.0.1:10249
clusterCIDR: $POD_CIDR
nodePortAddresses: [$NODE_IP/32]
# Leave the host's conntrack settings and route_localnet alone.
iptables: { localhostNodePorts: false }
conntrack: { maxPerCore: 0, min: 0, tcpEstablishedTimeout: 0s, tcpCloseWaitTimeout: 0s }
EOF
  start_component kube-proxy "$K8S_BIN/kube-proxy" --config "$RUN_DIR/kube-proxy.yaml"
}

# CoreDNS serves cluster.local on the node's bridge address only; it forwards nothing, so a
# pod cannot resolve (or reach) a name off the machine.
start_coredns() {
  kubectl_ apply -f - >/dev/null <<EOF
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: ticketing:coredns }
rules:
  - apiGroups: ['']
    resources: [services, pods, namespaces]
    verbs: [list, watch]
  - apiGroups: [discovery.k8s.io]
    resources: [endpointslices]
    verbs: [list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: ticketing:coredns }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ticketing:coredns }
subjects: [{ apiGroup: rbac.authorization.k8s.io, kind: User, name: ticketing:coredns }]
EOF
  cat >"$RUN_DIR/Corefile" <<EOF
cluster.local:53 in-addr.arpa:53 {
    bind $NODE_IP
    errors
    health 127.0.0.1:18080
    ready 127.0.0.1:18181
    kubernetes cluster.local in-addr.arpa {
        kubeconfig $PKI/coredns.kubeconfig ticketing
        pods insecure
    }
    cache 5
}
EOF
  start_component coredns "$TOOLS_DIR/coredns-$COREDNS_VERSION" -conf "$RUN_DIR/Corefile"
  wait_component 60 coredns "ready" curl -fsS http://127.0.0.1:18181/ready
}

node_ready() {
  [[ "$(kubectl_ get node "$NODE_NAME" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null)" == True ]]
}

cluster_up() {
  local start=$SECONDS
  require_root
  if [[ -d "$RUN_DIR" || -d "$HOST_BEFORE" ]]; then
    say "an earlier cluster left state behind (a run that was stopped half-way?): taking it down first"
    cluster_down
  fi
  [[ -f "$K8S_BIN/.complete" && -x "$TOOLS_DIR/coredns-$COREDNS_VERSION" ]] ||
    fail "the cluster's binaries are missing: run npm run cluster -- provision"
  host_snapshot "$HOST_BEFORE"
  mkdir -p "$RUN_DIR" "$PIDS" "$LOG_DIR"
  rm -f "$LOG_DIR"/*.log
  say "certificates"
  make_pki
  say "network: bridge $BRIDGE ($NODE_IP/24), guard rules"
  make_network
  say "containerd"
  start_containerd
  say "etcd"
  start_etcd
  say "control plane"
  start_control_plane
  say "kubelet, kube-proxy"
  start_kubelet
  start_kube_proxy
  say "coredns"
  start_coredns
  wait_component 120 kubelet "Ready" node_ready
  say "Gateway API CRDs (standard channel, as Traefik's Gateway provider expects)"
  kubectl_ apply --server-side -f "$TOOLS_DIR/gateway-api-crds-$GATEWAY_API_VERSION.yaml" >/dev/null
  figure "cluster ready (up)" $((SECONDS - start))
  say "node $NODE_NAME, API https://$NODE_IP:6443"
  say "kubectl: npm run cluster -- kubectl get pods -A   (or KUBECONFIG=$ADMIN_KUBECONFIG)"
}
