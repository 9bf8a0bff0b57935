# shellcheck shell=bash
# The peers (switches under test) of the end-to-end benchmark (sourced by run.sh). Each peer forwards s0 <-> s1 in
# netns sw. peer_start sets:
#   PEER_PID      the process whose thread times are measured (empty for kernel peers)
#   PEER_THREAD   regex of the forwarding thread's name (comm) in PEER_PID
#   PEER_NOTE     what was actually started (port types, flags), or why the peer could not run
# and returns non-zero when the peer cannot run here (the run is recorded as unsupported, not as zero).
# CPU placement follows the notes: generator on CPU 0, every userspace switch pinned to CPU 1 (taskset for the
# whole process, and pmd-cpu-mask=0x2 for the PMD thread); kernel peers run where veth delivers, on CPU 0.
# Needs from run.sh: NS_SW, NS_SINK, RUN_DIR, JAVA, TOOLS_CP, REPO, own_pid_add, wait_for_line.

PEERS_ALL="gen_only bridge xdp_redirect ovs_xdp ovs_sys jvswitch_afxdp jvswitch_afpacket"

peer_start() {
  PEER_PID=""
  PEER_THREAD=""
  PEER_NOTE=""
  case "$1" in
    gen_only) PEER_NOTE="nothing forwards; fwd = frames arriving at s0" ;;
    bridge) bridge_start ;;
    xdp_redirect) redirect_start ;;
    ovs_xdp) ovs_start afxdp ;;
    ovs_sys) ovs_start system ;;
    jvswitch_afxdp) jvswitch_start afxdp ;;
    jvswitch_afpacket) jvswitch_start afpacket ;;
    *) echo "run.sh: unknown peer $1 (known: $PEERS_ALL)" >&2; return 2 ;;
  esac
}

peer_stop() {
  case "$1" in
    ovs_*) ovs_stop ;;
  esac
  own_stop_all
}

# Called right before and after the measured window (outside the builtin-only part).
peer_window_begin() {
  case "$1" in
    ovs_xdp) ovs-appctl -t "$OVSD/ovs-vswitchd.ctl" dpif-netdev/pmd-stats-clear >/dev/null 2>&1 || true ;;
  esac
}

# Prints OVS's "avg processing cycles per packet" of the PMD thread for ovs_xdp, "-" otherwise.
peer_window_end() {
  local c="-"
  case "$1" in
    ovs_xdp)
      ovs-appctl -t "$OVSD/ovs-vswitchd.ctl" dpif-netdev/pmd-stats-show >"$2/pmd-stats.txt" 2>&1 || true
      c=$(awk '/pmd thread/ { p = 1 } p && /avg processing cycles per packet/ { sub(/.*packet: /, ""); print $1 + 0; exit }' \
          "$2/pmd-stats.txt" 2>/dev/null)
      [ -n "$c" ] || c="-"
      ;;
  esac
  echo "$c"
}

# --------------------------------------------------------------------------------------------- kernel peers

bridge_start() {
  ip -n "$NS_SW" link add br0 type bridge
  ip -n "$NS_SW" link set s0 master br0
  ip -n "$NS_SW" link set s1 master br0
  ip -n "$NS_SW" link set br0 up
  PEER_NOTE="Linux bridge br0 (STP off), learning"
}

redirect_start() {
  ip netns exec "$NS_SINK" ethtool -K k0 gro on >/dev/null   # k0 needs NAPI for s1's ndo_xdp_xmit
  ip netns exec "$NS_SW" taskset -c 1 "$JAVA" --enable-native-access=ALL-UNNAMED -cp "$TOOLS_CP" \
    io.jvswitch.benchmarks.e2e.XdpRedirect --from s0 --to s1 >"$RUN_DIR/redirect.log" 2>&1 &
  own_pid_add $! XdpRedirect
  wait_for_line "$RUN_DIR/redirect.log" "xdpredirect: attached" 60 $! || { PEER_NOTE="redirect failed"; return 1; }
  PEER_NOTE="XDP bpf_redirect s0 -> s1 (BPF link, native mode)"
}

# ---------------------------------------------------------------------------------------------------- OVS

# OVS 3.1 userspace (netdev) datapath in a sandbox of its own: every OVS_* directory in a temp dir of this run, so
# neither the default sockets nor another session's OVS is ever touched; its logs are kept in the run's directory. PORT_TYPE: afxdp (PMD ports) or system
# (AF_PACKET, polled by the main thread).
ovs_start() {
  local type=$1
  OVSD=$(mktemp -d /tmp/e2e-ovs.XXXXXX)   # short path: unix socket names are limited to 108 bytes
  export OVS_RUNDIR="$OVSD" OVS_DBDIR="$OVSD" OVS_LOGDIR="$OVSD" OVS_SYSCONFDIR="$OVSD"
  local vsctl=(ovs-vsctl --db="unix:$OVSD/db.sock" --timeout=60)
  ovsdb-tool create "$OVSD/conf.db" /usr/share/openvswitch/vswitch.ovsschema
  taskset -c 1 ovsdb-server "$OVSD/conf.db" --remote="punix:$OVSD/db.sock" --pidfile="$OVSD/ovsdb-server.pid" \
    --unixctl="$OVSD/ovsdb-server.ctl" --log-file="$OVSD/ovsdb-server.log" --detach --no-chdir
  own_pid_add "$(cat "$OVSD/ovsdb-server.pid")" "$OVSD"
  "${vsctl[@]}" --no-wait init
  "${vsctl[@]}" --no-wait set Open_vSwitch . other_config:pmd-cpu-mask=0x2
  ip netns exec "$NS_SW" taskset -c 1 ovs-vswitchd "unix:$OVSD/db.sock" --pidfile="$OVSD/ovs-vswitchd.pid" \
    --unixctl="$OVSD/ovs-vswitchd.ctl" --log-file="$OVSD/ovs-vswitchd.log" --detach --no-chdir
  PEER_PID=$(cat "$OVSD/ovs-vswitchd.pid")
  own_pid_add "$PEER_PID" "$OVSD"
  "${vsctl[@]}" add-br br0 -- set bridge br0 datapath_type=netdev
  if [ "$type" = afxdp ]; then
    "${vsctl[@]}" add-port br0 s0 -- set interface s0 type=afxdp \
      -- add-port br0 s1 -- set interface s1 type=afxdp
    PEER_THREAD='^pmd'
  else
    "${vsctl[@]}" add-port br0 s0 -- add-port br0 s1
    PEER_THREAD='^ovs-vswitchd$'   # system ports are polled by the main thread
  fi
  local i ok=0
  for ((i = 0; i < 60; i++)); do
    if [ "$("${vsctl[@]}" get interface s0 ofport)" -gt 0 ] 2>/dev/null \
       && [ "$("${vsctl[@]}" get interface s1 ofport)" -gt 0 ] 2>/dev/null; then
      ok=1
      break
    fi
    sleep 1
  done
  local err
  err=$("${vsctl[@]}" get interface s0 error 2>/dev/null)
  if [ "$ok" != 1 ]; then
    PEER_NOTE="ovs ports not up: $err"
    return 1
  fi
  PEER_NOTE="OVS $(ovs-vswitchd --version | awk 'NR == 1 { print $NF }') netdev datapath, type=$type, NORMAL,"
  PEER_NOTE+=" pmd-cpu-mask=0x2, process on CPU 1"
}

ovs_stop() {
  [ -n "${OVSD:-}" ] && [ -d "$OVSD" ] || return 0
  if [ -S "$OVSD/ovs-vswitchd.ctl" ]; then
    timeout 20 ovs-appctl -t "$OVSD/ovs-vswitchd.ctl" exit --cleanup >/dev/null 2>&1 || true
  fi
  if [ -S "$OVSD/ovsdb-server.ctl" ]; then
    timeout 20 ovs-appctl -t "$OVSD/ovsdb-server.ctl" exit >/dev/null 2>&1 || true
  fi
  own_stop_all   # whatever did not exit: TERM/KILL, only if its command line names this sandbox
  cp "$OVSD"/*.log "${RUN_DIR:-$OVSD}/" 2>/dev/null || true
  rm -rf "$OVSD"
  unset OVS_RUNDIR OVS_DBDIR OVS_LOGDIR OVS_SYSCONFDIR
  OVSD=""
}

# ------------------------------------------------------------------------------------------------ jvswitch

# jvswitch run with a generated config (one standalone bridge, NORMAL, ports s0 and s1 of PORT_TYPE), launched by
# ./jvswitch (same JVM flags) under taskset -c 1. Adapts to what this checkout's jvswitch has:
#   - "other_config": {"pmd-cpu-mask": "0x2"} when the config accepts it, else the taskset alone places the PMD;
#   - --busy-poll or --idle busy when `jvswitch run --help` lists it;
#   - afxdp ports: when they do not open ("not opened" on stderr), the run is recorded as unsupported.
# JVSWITCH_EXTRA_OPTS (the GC run's -Xlog) is added to JVSWITCH_JAVA_OPTS.
jvswitch_start() {
  local type=$1 cfg="$RUN_DIR/jvswitch.json" log="$RUN_DIR/jvswitch.log" attempt mask
  for attempt in with-mask without-mask; do
    if [ "$attempt" = with-mask ] && [ "${JVS_NO_MASK:-0}" = 1 ]; then
      continue
    fi
    mask=""
    [ "$attempt" = with-mask ] && mask='"other_config": { "pmd-cpu-mask": "0x2" }, '
    cat >"$cfg" <<JSON
{ ${mask}"bridges": [ { "name": "br0", "ports": [
    { "name": "s0", "type": "$type" },
    { "name": "s1", "type": "$type" } ] } ] }
JSON
    # shellcheck disable=SC2086
    ip netns exec "$NS_SW" taskset -c 1 env JVSWITCH_JAVA_OPTS="${JVSWITCH_EXTRA_OPTS:-}" \
      "$REPO/jvswitch" run --config "$cfg" $JVS_IDLE_FLAG >"$log" 2>&1 &
    PEER_PID=$!
    own_pid_add "$PEER_PID" jvswitch
    if wait_for_line "$log" "jvswitch: running" 90 "$PEER_PID"; then
      break
    fi
    if [ "$attempt" = with-mask ] && grep -q "other_config\|pmd-cpu-mask" "$log"; then
      JVS_NO_MASK=1   # this jvswitch does not know the key yet; remember for the other runs
      own_stop "$PEER_PID"
      continue
    fi
    PEER_NOTE="jvswitch did not start: $(tail -n 3 "$log" | tr '\n' ' ')"
    return 1
  done
  if grep -q "interface .* not opened:" "$log"; then
    PEER_NOTE="$type ports not available: $(grep -m1 "interface .* not opened:" "$log")"
    return 1
  fi
  PEER_THREAD='^(jvswitch-pmd0|pmd-0)$'
  PEER_NOTE="jvswitch type=$type NORMAL, JVM on CPU 1, ${JVS_IDLE_FLAG:-default idle}"
  [ "${JVS_NO_MASK:-0}" = 1 ] || PEER_NOTE+=", pmd-cpu-mask=0x2"
}

# Which busy-poll flag this checkout's `jvswitch run` has (empty when none).
jvswitch_idle_flag() {
  local help
  help=$("$REPO/jvswitch" run --help 2>&1 || true)
  if grep -q -- "--idle" <<<"$help"; then
    echo "--idle busy"
  elif grep -q -- "--busy-poll" <<<"$help"; then
    echo "--busy-poll"
  fi
}
