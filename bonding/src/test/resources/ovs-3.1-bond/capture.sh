#!/bin/bash
# Captures OVS 3.1 bond/show, bond/list, bond/hash outputs (dummy datapath, private sandbox).
# Usage: capture.sh OUTDIR
set -e
OUT=$(realpath "$1"); mkdir -p "$OUT"
HERE=$(dirname "$(realpath "$0")")
macs() { for p in "$@"; do echo "$p $(vsctl get interface $p mac_in_use | tr -d '"')"; done; }

# 1. active-backup, primary p2, then p1 goes down with bond_downdelay pending.
( . $HERE/lib.sh; start; trap stop EXIT
  vsctl add-br br0 -- set bridge br0 datapath-type=dummy fail-mode=standalone \
   -- add-bond br0 bond0 p1 p2 bond_mode=active-backup other_config:bond-primary=p2 bond_updelay=500 bond_downdelay=1000 \
   -- set interface p1 type=dummy ofport_request=1 -- set interface p2 type=dummy ofport_request=2
  appctl netdev-dummy/set-admin-state up >/dev/null; sleep 1
  macs p1 p2 > $OUT/ab.macs
  appctl bond/show bond0 > $OUT/ab.show
  appctl bond/list > $OUT/ab.list
  appctl time/stop >/dev/null
  appctl netdev-dummy/set-admin-state p1 down >/dev/null; sleep 0.5
  appctl time/warp 250 >/dev/null
  appctl bond/show bond0 > $OUT/ab-downdelay.show
  vsctl set port bond0 other_config:bond-primary=p9
  sleep 0.5
  appctl bond/show bond0 > $OUT/ab-noprimary.show
) 2>/dev/null

# 2. balance-slb, two source MACs flooded from p7 (15 x 1000 bytes each), clock stopped.
( . $HERE/lib.sh; start; trap stop EXIT
  vsctl add-br br0 -- set bridge br0 datapath-type=dummy fail-mode=standalone \
   -- add-bond br0 bond0 p1 p2 bond_mode=balance-slb \
   -- set interface p1 type=dummy ofport_request=1 -- set interface p2 type=dummy ofport_request=2 \
   -- add-port br0 p7 -- set interface p7 type=dummy ofport_request=7
  appctl netdev-dummy/set-admin-state up >/dev/null; sleep 1
  macs p1 p2 > $OUT/slb.macs
  for i in $(seq 1 15); do
    for m in 05 10; do
      appctl netdev-dummy/receive p7 "in_port(7),eth(src=50:54:00:00:00:$m,dst=ff:ff:ff:ff:ff:ff),eth_type(0x0800),ipv4(src=10.0.0.5,dst=10.0.0.255,proto=17,tos=0,ttl=64,frag=no),udp(src=1,dst=2)" --len 1000 >/dev/null
    done
  done
  sleep 2; appctl revalidator/wait >/dev/null
  appctl time/stop >/dev/null
  appctl bond/show bond0 > $OUT/slb.show
  appctl bond/list > $OUT/slb.list
) 2>/dev/null

# 3. balance-tcp: LACP off; LACP active without a partner + lacp-fallback-ab; LACP negotiated over patch ports.
( . $HERE/lib.sh; start; trap stop EXIT
  vsctl add-br br0 -- set bridge br0 datapath-type=dummy fail-mode=standalone \
   -- add-bond br0 bond0 p1 p2 bond_mode=balance-tcp other_config:bond-hash-basis=7 \
   -- set interface p1 type=dummy ofport_request=1 -- set interface p2 type=dummy ofport_request=2 \
   -- add-br br2 -- set bridge br2 datapath-type=dummy fail-mode=standalone \
   -- add-bond br2 bond2 p3 p4 bond_mode=balance-tcp lacp=active other_config:lacp-fallback-ab=true other_config:bond-primary=p4 \
   -- set interface p3 type=dummy ofport_request=3 -- set interface p4 type=dummy ofport_request=4
  appctl netdev-dummy/set-admin-state up >/dev/null; sleep 1
  macs p1 p2 > $OUT/tcp-nolacp.macs; macs p3 p4 > $OUT/tcp-lacp-nopartner.macs
  appctl time/stop >/dev/null
  appctl bond/show bond0 > $OUT/tcp-nolacp.show
  appctl bond/show bond2 > $OUT/tcp-lacp-nopartner.show
) 2>/dev/null
( . $HERE/lib.sh; start; trap stop EXIT
  vsctl add-br br0 -- set bridge br0 datapath-type=dummy fail-mode=standalone other-config:hwaddr=aa:55:aa:55:00:00 \
   -- add-bond br0 bond0 p0 p1 bond_mode=balance-tcp lacp=active other-config:lacp-time=fast \
   -- set interface p0 type=patch options:peer=p2 ofport_request=1 other-config:lacp-aggregation-key=2 \
   -- set interface p1 type=patch options:peer=p3 ofport_request=2 other-config:lacp-aggregation-key=2 \
   -- add-br br1 -- set bridge br1 datapath-type=dummy fail-mode=standalone other-config:hwaddr=aa:66:aa:66:00:00 \
   -- add-bond br1 bond1 p2 p3 bond_mode=balance-tcp lacp=active other-config:lacp-time=fast \
   -- set interface p2 type=patch options:peer=p0 ofport_request=3 other-config:lacp-aggregation-key=4 \
   -- set interface p3 type=patch options:peer=p1 ofport_request=4 other-config:lacp-aggregation-key=4
  appctl netdev-dummy/set-admin-state up >/dev/null
  appctl time/stop >/dev/null
  for i in $(seq 1 50); do
    appctl lacp/show bond0 > $D/l0; appctl lacp/show bond1 > $D/l1
    if grep -q negotiated $D/l0 && grep -q negotiated $D/l1 && ! grep -q expired $D/l0 $D/l1; then break; fi
    appctl time/warp 100 >/dev/null
  done
  macs p0 p1 > $OUT/tcp-lacp.macs
  appctl bond/show bond0 > $OUT/tcp-lacp.show
  appctl bond/list > $OUT/tcp-lacp.list
  rm -f $D/l0 $D/l1
) 2>/dev/null

# 4. bond/hash MAC [VLAN] [BASIS] (needs no bond).
( . $HERE/lib.sh; start; trap stop EXIT
  : > $OUT/hash.txt
  while read -r args; do
    printf '%s -> %s\n' "$args" "$(appctl bond/hash $args 2>&1 | grep -v '^ovs-appctl:')" >> $OUT/hash.txt
  done <<'ARGS'
50:54:00:00:00:05
50:54:00:00:00:05 10
50:54:00:00:00:05 10 1
50:54:00:00:00:10
00:00:00:00:00:00
ff:ff:ff:ff:ff:ff 4095 4294967295
aa:55:aa:55:00:01 0 7
52:54:00:12:34:56 100
52:54:00:12:34:56 100 12345
x
50:54:00:00:00:05 y
50:54:00:00:00:05 1 z
ARGS
) 2>/dev/null
echo done
