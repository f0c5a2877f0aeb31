# shellcheck shell=bash
# `down`: stops everything `up` started and puts the host back as it was, also after a run that
# was killed half-way (every step tolerates what is already gone). Sourced by cluster.sh.

stop_component() { # name [seconds]
  local name="$1" limit="${2:-20}" pid waited=0
  [[ -f "$PIDS/$name" ]] || return 0
  pid="$(cat "$PIDS/$name")"
  # setsid made the component a process-group leader: signal the whole group.
  kill -TERM -- "-$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null && ((waited < limit * 2)); do
    sleep 0.5
    waited=$((waited + 1))
  done
  kill -KILL -- "-$pid" 2>/dev/null || true
  rm -f "$PIDS/$name"
}

# Every container's process, by way of containerd while it still runs, then any shim left.
remove_containers() {
  if [[ -S "$CONTAINERD_SOCK" ]] && ctr_ version >/dev/null 2>&1; then
    local id
    for id in $(ctr_ tasks ls -q 2>/dev/null); do
      ctr_ tasks kill -s SIGKILL "$id" >/dev/null 2>&1 || true
    done
    sleep 1
    for id in $(ctr_ tasks ls -q 2>/dev/null); do
      ctr_ tasks rm -f "$id" >/dev/null 2>&1 || true
    done
    for id in $(ctr_ containers ls -q 2>/dev/null); do
      ctr_ containers rm "$id" >/dev/null 2>&1 || true
    done
  fi
  pkill -KILL -f "containerd-shim-runc-v2 .*-address $CONTAINERD_SOCK" 2>/dev/null || true
}

# Rules that jump to, and chains named, KUBE-* or CNI-* (kube-proxy's, the kubelet's, the CNI
# plugins'), in every table, for IPv4 and IPv6.
remove_chains() { # iptables|ip6tables
  local cmd="$1" table rule chain
  for table in filter nat mangle raw; do
    "$cmd" -t "$table" -S >/dev/null 2>&1 || continue
    while IFS= read -r rule; do
      eval "$cmd -t $table ${rule/#-A/-D}" 2>/dev/null || true
    done < <("$cmd-save" -t "$table" 2>/dev/null | grep -E '^-A ' | grep -E -- '-j (KUBE-|CNI-)' | grep -Ev '^-A (KUBE-|CNI-)')
    for chain in $("$cmd-save" -t "$table" 2>/dev/null | sed -n 's/^:\(\(KUBE-\|CNI-\)[^ ]*\).*/\1/p'); do
      "$cmd" -t "$table" -F "$chain" 2>/dev/null || true
    done
    for chain in $("$cmd-save" -t "$table" 2>/dev/null | sed -n 's/^:\(\(KUBE-\|CNI-\)[^ ]*\).*/\1/p'); do
      "$cmd" -t "$table" -X "$chain" 2>/dev/null || true
    done
  done
}

# The nf_tables tables that iptables created for the cluster's rules, once they hold none.
remove_new_nft_tables() {
  local family table
  while read -r _ family table; do
    grep -qx "table $family $table" "$HOST_BEFORE/nftables" 2>/dev/null && continue
    if nft -j list table "$family" "$table" 2>/dev/null | grep -q '"rule"'; then
      say "left nf_tables table $family $table: it holds rules the cluster did not make"
      continue
    fi
    nft delete table "$family" "$table"
  done < <(nft list tables 2>/dev/null)
}

# Network namespaces the cluster made (containerd names them cni-<uuid>), and the bridge.
remove_network() {
  local ns
  for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep '^cni-'); do
    grep -qx "$ns" "$HOST_BEFORE/netns" 2>/dev/null || ip netns delete "$ns" 2>/dev/null || true
  done
  ip link show "$BRIDGE" >/dev/null 2>&1 && ip link delete "$BRIDGE"
  nft delete table inet "$GUARD_TABLE" 2>/dev/null || true
  remove_chains iptables
  remove_chains ip6tables
  remove_new_nft_tables
}

# Mounts under the cluster's directories (overlay snapshots, pods' volumes and secrets),
# deepest first.
unmount_all() {
  local mount
  for mount in $(awk '{print $5}' /proc/self/mountinfo | grep -E "^($CLUSTER_CACHE|/run/containerd)/" | sort -r); do
    umount "$mount" 2>/dev/null || umount -l "$mount" 2>/dev/null || say "could not unmount $mount"
  done
}

remove_cgroups() {
  local dir
  for dir in /sys/fs/cgroup/*/kubepods* /sys/fs/cgroup/kubepods*; do
    [[ -d "$dir" ]] || continue
    find "$dir" -depth -type d -exec rmdir {} \; 2>/dev/null || say "could not remove cgroup $dir"
  done
}

# What the CNI library, containerd and the kubelet (its device-plugin socket) write outside the
# cluster's directories, unless it was there before `up`.
remove_host_files() {
  local path
  for path in "${HOST_PATHS[@]}"; do
    [[ -e "$path" ]] || continue
    grep -qx "$path" "$HOST_BEFORE/paths" 2>/dev/null || rm -rf "$path"
  done
}

cluster_down() {
  require_root
  if [[ ! -d "$RUN_DIR" && ! -d "$HOST_BEFORE" ]]; then
    say "no cluster is running"
    return 0
  fi
  mkdir -p "$PIDS"
  say "stopping the kubelet, then every container"
  stop_component kubelet
  remove_containers
  say "stopping kube-proxy and removing its rules"
  stop_component kube-proxy
  [[ -f "$RUN_DIR/kube-proxy.yaml" ]] && "$K8S_BIN/kube-proxy" --config "$RUN_DIR/kube-proxy.yaml" --cleanup >/dev/null 2>&1
  say "stopping the control plane, etcd and containerd"
  local component
  for component in coredns kube-scheduler kube-controller-manager kube-apiserver etcd containerd; do
    stop_component "$component"
  done
  remove_containers
  say "removing network namespaces, the bridge, iptables chains, mounts and cgroups"
  remove_network
  unmount_all
  remove_cgroups
  if [[ -d "$HOST_BEFORE" ]]; then
    remove_host_files
    host_restore_sysctls "$HOST_BEFORE"
  fi
  # The pods' logs outlive the run, for whoever reads why a test failed.
  if [[ -d "$RUN_DIR/pod-logs" ]]; then
    rm -rf "$LOG_DIR/pods"
    cp -r "$RUN_DIR/pod-logs" "$LOG_DIR/pods" 2>/dev/null || true
  fi
  rm -rf "$RUN_DIR"
  check_host_restored
}

# Compares the host with the snapshot `up` took; the snapshot goes only when they agree, so a
# later `down` can try again.
check_host_restored() {
  [[ -d "$HOST_BEFORE" ]] || return 0
  local now
  now="$(mktemp -d)"
  host_snapshot "$now"
  if host_diff "$HOST_BEFORE" "$now" >"$now/diff"; then
    rm -rf "$HOST_BEFORE" "$now"
    say "down: the host is as it was before up"
  else
    say "down: the host still differs from before up:"
    cat "$now/diff" >&2
    rm -rf "$now"
    return 1
  fi
}
