# shellcheck shell=bash
# The host's state that a cluster touches, written down so that `down` can put it back and a
# test can check it did: kernel settings, iptables rules, mounts, network links and
# namespaces, cgroups, and processes. Sourced by cluster.sh, after lib.sh.

# Kernel settings that change on their own (counters, random state) or with a process's life.
VOLATILE_SYSCTLS='^(kernel\.random\.|fs\.(dentry-state|inode-nr|inode-state|file-nr|quota\.)|kernel\.ns_last_pid|kernel\.pty\.nr|net\.netfilter\.nf_conntrack_count|net\.netfilter\.nf_conntrack_events_retry_timeout|kernel\.tainted|kernel\.perf_event_max_sample_rate|fs\.aio-nr|kernel\.sched_domain\.|net\.ipv4\.neigh\.|net\.ipv6\.neigh\.)'
# Process names the cluster starts (as the kernel keeps them, cut to 15 characters); none may
# be left after `down`.
CLUSTER_PROCESSES='^(etcd|kube-apiserver|kube-controller|kube-scheduler|kubelet|kube-proxy|containerd|containerd-shim|coredns|runc)'
# Places outside the cluster's own directories that its parts write to whatever they are told
# (the kubelet's device-plugin socket and container log links, the CNI library's cache).
HOST_PATHS=(/var/lib/cni /run/containerd /etc/cni /var/lib/kubelet /var/lib/containerd /etc/kubernetes /var/log/pods /var/log/containers)

# Writes the state into DIR, one sorted file per kind, so two snapshots compare with diff.
# DIR appears whole or not at all.
host_snapshot() { # DIR
  local dir="$1.partial"
  rm -rf "$dir"
  mkdir -p "$dir"
  sysctl -a 2>/dev/null | grep -Ev "$VOLATILE_SYSCTLS" | sort >"$dir/sysctl"
  # Rules without packet counters; the order of chains and rules is kept, since it matters.
  iptables-save 2>/dev/null | sed '/^#/d; s/\[[0-9]*:[0-9]*\]//' >"$dir/iptables"
  ip6tables-save 2>/dev/null | sed '/^#/d; s/\[[0-9]*:[0-9]*\]//' >"$dir/ip6tables"
  # iptables (the nf_tables backend) creates the tables it first writes to.
  { nft list tables 2>/dev/null || true; } | sort >"$dir/nftables"
  # Mounts where the cluster's parts mount (others, such as another tool's, are not its own).
  awk '{print $5}' /proc/self/mountinfo | grep -E "^($CLUSTER_CACHE|/run|/var/run|/var/lib|/sys/fs/cgroup)(/|$)" | sort >"$dir/mounts" || true
  ip -o link show | awk -F': ' '{print $2}' | sed 's/@.*//' | sort >"$dir/links"
  { ip netns list 2>/dev/null || true; } | awk '{print $1}' | sort >"$dir/netns"
  find /sys/fs/cgroup -maxdepth 2 -name 'kubepods*' 2>/dev/null | sort >"$dir/cgroups"
  local path
  for path in "${HOST_PATHS[@]}"; do if [[ -e "$path" ]]; then echo "$path"; fi; done >"$dir/paths"
  { pgrep -l . || true; } | awk '$2 ~ CLUSTER {print $2}' CLUSTER="$CLUSTER_PROCESSES" | sort >"$dir/processes"
  rm -rf "$1"
  mv "$dir" "$1"
}

# Prints what differs between two snapshots, one line per difference; returns 1 if any does.
host_diff() { # BEFORE AFTER
  local before="$1" after="$2" kind differs=0
  for kind in sysctl iptables ip6tables nftables mounts links netns cgroups paths processes; do
    if ! diff -q "$before/$kind" "$after/$kind" >/dev/null 2>&1; then
      differs=1
      diff "$before/$kind" "$after/$kind" | grep '^[<>]' | sed "s/^</$kind: was: /; s/^>/$kind: now: /"
    fi
  done
  return "$differs"
}

# Puts back every kernel setting that differs from the snapshot (the kubelet sets
# vm.overcommit_memory, kernel.panic and kernel.panic_on_oops with no opt-out; the bridge
# plugin sets net.ipv4.ip_forward).
host_restore_sysctls() { # BEFORE
  local before="$1" key value now
  while IFS= read -r line; do
    key="${line%% = *}"
    value="${line#* = }"
    now="$(sysctl -n "$key" 2>/dev/null)" || continue
    [[ "$now" == "$value" ]] && continue
    if sysctl -q -w "$key=$value" >/dev/null 2>&1; then
      say "restored $key = $value (the cluster had set $now)"
    else
      say "could not restore $key = $value (now $now)"
    fi
  done < <(sysctl -a 2>/dev/null | grep -Ev "$VOLATILE_SYSCTLS" | sort | comm -13 - "$before/sysctl")
}
