#!/bin/sh
# Captures `ovs-appctl bond/show` and `lacp/show` of Open vSwitch 3.1 (netdev datapath) on side A of two
# ovs-vswitchd joined back to back by a 2-member bond over veth pairs (see README.md). Run as root:
#   sh capture.sh OUTDIR
# Everything (namespaces, daemons, the mktemp directory) is removed at exit.
set -eu
OUT=$(cd "${1:?output dir}" && pwd)
D=$(mktemp -d /tmp/ovsbondcap.XXXXXX)
S=obc$$
cleanup() {
  for n in a b; do
    [ -f $D/$n/vs.pid ] && kill $(cat $D/$n/vs.pid) 2>/dev/null || true
    [ -f $D/$n/db.pid ] && kill $(cat $D/$n/db.pid) 2>/dev/null || true
  done
  sleep 1
  for n in a b h1 h2; do ip netns del $S-$n 2>/dev/null || true; done
  rm -rf $D
}
trap cleanup EXIT
for n in a b h1 h2; do
  ip netns add $S-$n
  ip netns exec $S-$n sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
done
up() { ip netns exec $1 ethtool -K $2 tx off sg off tso off gso off gro off >/dev/null; ip -n $1 link set $2 up; }
# members m1, m2: same name on both sides (each side has its own namespace), fixed MACs
for i in 1 2; do
  ip link add m$i netns $S-a address 02:00:00:00:0a:0$i type veth peer name m$i netns $S-b address 02:00:00:00:0b:0$i
  up $S-a m$i; up $S-b m$i
done
ip link add p0 netns $S-a type veth peer name eth0 netns $S-h1; up $S-a p0; up $S-h1 eth0
ip link add p0 netns $S-b type veth peer name eth0 netns $S-h2; up $S-b p0; up $S-h2 eth0
ip -n $S-h1 addr add 10.250.7.1/24 dev eth0
ip -n $S-h2 addr add 10.250.7.2/24 dev eth0
for n in a b; do
  mkdir $D/$n
  ovsdb-tool create $D/$n/conf.db /usr/share/openvswitch/vswitch.ovsschema
  ovsdb-server $D/$n/conf.db --remote=punix:$D/$n/db.sock --unixctl=$D/$n/db.ctl --pidfile=$D/$n/db.pid \
    --log-file=$D/$n/db.log --no-chdir --detach
  ovs-vsctl --db=unix:$D/$n/db.sock --no-wait init
  OVS_RUNDIR=$D/$n OVS_LOGDIR=$D/$n ip netns exec $S-$n ovs-vswitchd unix:$D/$n/db.sock --unixctl=$D/$n/vs.ctl \
    --pidfile=$D/$n/vs.pid --log-file=$D/$n/vs.log --no-chdir --detach -vconsole:off
  V="ovs-vsctl --db=unix:$D/$n/db.sock --timeout=20"
  $V add-br br0 -- set bridge br0 datapath_type=netdev other_config:hwaddr=02:00:00:00:0$n:00
  $V add-port br0 p0 -- set interface p0 ofport_request=1
  $V add-bond br0 bond0 m1 m2 bond_mode=balance-tcp lacp=active other_config:lacp-time=fast \
    -- set interface m1 ofport_request=2 -- set interface m2 ofport_request=3
done
V="ovs-vsctl --db=unix:$D/a/db.sock --timeout=20"
VB="ovs-vsctl --db=unix:$D/b/db.sock --timeout=20"
A="ovs-appctl -t $D/a/vs.ctl"
cap() { # cap FILE-PREFIX: bond/show bond0, lacp/show bond0 (with exit status when it fails), lacp/show-stats bond0
  for c in "bond/show bond0" "lacp/show bond0" "lacp/show-stats bond0"; do
    f=$OUT/$1.$(echo "$c" | tr ' /' '__').txt
    set +e; $A $c > $f 2>&1; rc=$?; set -e
    if [ $rc -ne 0 ]; then sed -i "s|$D/a/vs.ctl|TARGET|" $f; echo "exit status $rc" >> $f; fi
  done
}
sleep 5
ip netns exec $S-h1 ping -q -c 3 -i 0.2 10.250.7.2 >/dev/null
cap balance-tcp_negotiated
ip -n $S-a link set m1 down
sleep 0.5
cap balance-tcp_m1-down-expired
sleep 4
cap balance-tcp_m1-down-defaulted
ip -n $S-a link set m1 up
sleep 4
$V set port bond0 bond_mode=active-backup
$VB set port bond0 bond_mode=active-backup
sleep 2
cap active-backup_lacp-active
$V set port bond0 lacp=off
$VB set port bond0 lacp=off
sleep 2
cap active-backup_lacp-off
