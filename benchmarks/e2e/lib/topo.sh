# shellcheck shell=bash
# Topology of the end-to-end benchmark (sourced by run.sh), docs/benchmarks.md "End-to-end on veth":
#
#   netns gen               netns sw                              netns sink
#   g0 <==== veth ====> s0 [peer: s0 <-> s1] s1 <==== veth ====> k0
#
# Fresh per run, made directly inside the namespaces (nothing touches the host's interfaces), IPv6 off and no
# addresses, so the namespaces carry only the benchmark's frames. GRO on s0 gives s0 NAPI, which veth needs to accept
# the generator's XDP_TX (ndo_xdp_xmit). One "anchor" process (sleep) per namespace lets the harness read each
# namespace's /proc/PID/net/dev with bash builtins: no fork inside the measured window.
# Needs from run.sh: RUN_ID, own_pid_add.

topo_names() {
  NS_GEN="e2e-gen-$RUN_ID"
  NS_SW="e2e-sw-$RUN_ID"
  NS_SINK="e2e-sink-$RUN_ID"
}

topo_up() {
  topo_names
  local ns
  for ns in "$NS_GEN" "$NS_SW" "$NS_SINK"; do
    ip netns add "$ns"
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
    ip -n "$ns" link set lo up
  done
  ip -n "$NS_GEN" link add g0 type veth peer name s0 netns "$NS_SW"
  ip -n "$NS_SW" link add s1 type veth peer name k0 netns "$NS_SINK"
  ip -n "$NS_GEN" link set g0 address 02:b0:00:00:00:11 up
  ip -n "$NS_SW" link set s0 up
  ip -n "$NS_SW" link set s1 up
  ip -n "$NS_SINK" link set k0 address 02:b0:00:00:00:12 up   # not the frames' destination: "other host" drop
  ip netns exec "$NS_SW" ethtool -K s0 gro on >/dev/null
  for ns in GEN SW SINK; do
    local var="NS_$ns"
    ip netns exec "${!var}" sleep infinity &
    own_pid_add $! sleep
    printf -v "ANCHOR_$ns" %s $!
  done
}

topo_down() {
  topo_names
  local ns
  for ns in "$NS_GEN" "$NS_SW" "$NS_SINK"; do
    if ip netns list | grep -qw "$ns"; then
      ip netns del "$ns" 2>/dev/null || echo "run.sh: could not delete netns $ns" >&2
    fi
  done
}
