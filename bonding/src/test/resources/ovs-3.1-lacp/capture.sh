#!/bin/bash
# Captures OVS 3.1 LACP output: two netdev bridges in one private ovs-vswitchd inside a private netns,
# bonds connected pairwise by veth pairs.
set -x
S=$(printf '%04x' $RANDOM)
NS=lacpcap$S
D=${OUT:-/tmp/lacpcap}/run; rm -rf $D; mkdir -p $D
export OVS_RUNDIR=$D OVS_DBDIR=$D OVS_LOGDIR=$D OVS_PKGDATADIR=/usr/share/openvswitch OVS_SYSCONFDIR=$D
ip netns add $NS
cleanup() {
  ovs-appctl -t $D/ovs-vswitchd.$(cat $D/ovs-vswitchd.pid).ctl exit 2>/dev/null
  [ -f $D/tshark.pid ] && kill $(cat $D/tshark.pid) 2>/dev/null
  [ -f $D/ovs-vswitchd.pid ] && kill $(cat $D/ovs-vswitchd.pid) 2>/dev/null
  [ -f $D/ovsdb-server.pid ] && kill $(cat $D/ovsdb-server.pid) 2>/dev/null
  sleep 1
  ip netns del $NS
}
trap cleanup EXIT
X="ip netns exec $NS"
$X ip link set lo up
$X ip link add a1 address 02:00:00:00:0a:01 type veth peer name b1 address 02:00:00:00:0b:01
$X ip link add a2 address 02:00:00:00:0a:02 type veth peer name b2 address 02:00:00:00:0b:02
$X ip link add c1 address 02:00:00:00:0c:01 type veth peer name d1 address 02:00:00:00:0d:01
$X ip link add c2 address 02:00:00:00:0c:02 type veth peer name d2 address 02:00:00:00:0d:02
$X ip link add e1 address 02:00:00:00:0e:01 type veth peer name f1 address 02:00:00:00:0f:01
$X ip link add e2 address 02:00:00:00:0e:02 type veth peer name f2 address 02:00:00:00:0f:02
for i in a1 a2 b1 b2 c1 c2 d1 d2 e1 e2 f1 f2; do $X ip link set $i up; done
ovsdb-tool create $D/conf.db /usr/share/openvswitch/vswitch.ovsschema
$X ovsdb-server $D/conf.db --remote=punix:$D/db.sock --pidfile=$D/ovsdb-server.pid --unixctl=$D/ovsdb-server.ctl --detach --log-file=$D/ovsdb-server.log
V="ovs-vsctl --db=unix:$D/db.sock --no-wait"
$V init
$X ovs-vswitchd unix:$D/db.sock --pidfile=$D/ovs-vswitchd.pid --detach --log-file=$D/ovs-vswitchd.log
A="ovs-appctl -t $D/ovs-vswitchd.$(cat $D/ovs-vswitchd.pid).ctl"
$X tshark -q -i a1 -f 'ether proto 0x8809' -w $D/a1.pcap -c 40 >/dev/null 2>&1 & echo $! > $D/tshark.pid
sleep 2
V="ovs-vsctl --db=unix:$D/db.sock"
$V -- add-br br0 -- set bridge br0 datapath_type=netdev other_config:hwaddr=aa:bb:cc:dd:ee:00 \
   -- add-br br1 -- set bridge br1 datapath_type=netdev other_config:hwaddr=aa:bb:cc:dd:ee:01
$V -- add-bond br0 bond0 a1 a2 lacp=active bond_mode=balance-tcp other_config:lacp-time=fast \
   -- set interface a1 ofport_request=1 -- set interface a2 ofport_request=2
$V -- add-bond br1 bond1 b1 b2 lacp=active bond_mode=balance-tcp other_config:lacp-time=fast \
   -- set interface b1 ofport_request=11 -- set interface b2 ofport_request=12
$V -- add-bond br0 bond2 c1 c2 lacp=active other_config:lacp-time=slow other_config:lacp-fallback-ab=true \
   other_config:lacp-system-priority=100 -- set interface c1 ofport_request=21 other_config:lacp-port-priority=7 other_config:lacp-aggregation-key=99 -- set interface c2 ofport_request=22 other_config:lacp-port-id=500
$V -- add-bond br0 bond3 e1 e2 lacp=passive -- set interface e1 ofport_request=31 -- set interface e2 ofport_request=32
sleep 1
$A lacp/show bond2 > $D/lacp-show-bond2-expired.txt
sleep 5
$A lacp/show > $D/lacp-show-negotiated.txt
$A lacp/show-stats > $D/lacp-show-stats-negotiated.txt
$A lacp/show bond0 > $D/lacp-show-bond0.txt
$A bond/show bond0 > $D/bond-show-bond0.txt
$A lacp/show nosuch > $D/lacp-show-nosuch.txt 2>&1
$V list interface a1 a2 | grep -E "^(name|lacp_current|ofport|mac_in_use)" > $D/interfaces.txt
$A lacp/show bond2 > $D/lacp-show-bond2-defaulted.txt
$A lacp/show bond3 > $D/lacp-show-bond3-passive.txt
$A lacp/show-stats bond2 > $D/lacp-show-stats-bond2.txt
$A lacp/show-stats bond3 > $D/lacp-show-stats-bond3.txt
$A bond/show bond2 > $D/bond-show-bond2.txt
$X python3 "$(dirname "$0")"/inject.py b1
sleep 1
$A lacp/show-stats bond0 > $D/lacp-show-stats-injected.txt
$X ip link set b2 down
sleep 0.5
$A lacp/show bond0 > $D/lacp-show-bond0-carrier-down.txt
sleep 7
$A lacp/show bond0 > $D/lacp-show-bond0-carrier-down-later.txt
$A lacp/show-stats bond0 > $D/lacp-show-stats-carrier-down.txt
$X ip link set b2 up
sleep 4
$A lacp/show bond0 > $D/lacp-show-bond0-carrier-back.txt
$A lacp/show-stats bond0 > $D/lacp-show-stats-carrier-back.txt
sleep 1
cp $D/*.txt $D/*.pcap ${OUT:-/tmp/lacpcap}/
cat $D/ovs-vswitchd.log | grep -i lacp | head -30
