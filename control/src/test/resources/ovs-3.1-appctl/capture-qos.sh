#!/bin/sh
# Captures OVS 3.1's qos/show and qos/show-types texts (issue 7) on a private Open vSwitch (netdev datapath):
# a dummy port with an egress-policer QoS row (dummy netdevs implement no QoS), a patch port, no such interface.
set -eu
OUT=${1:?output dir}
D=$(mktemp -d /tmp/ovscapq.XXXXXX)
export OVS_RUNDIR=$D OVS_DBDIR=$D OVS_LOGDIR=$D
cleanup() {
  [ -f $D/vs.pid ] && kill $(cat $D/vs.pid) 2>/dev/null || true
  [ -f $D/db.pid ] && kill $(cat $D/db.pid) 2>/dev/null || true
  sleep 1; rm -rf $D
}
trap cleanup EXIT
ovsdb-tool create $D/conf.db /usr/share/openvswitch/vswitch.ovsschema
ovsdb-server $D/conf.db --remote=punix:$D/db.sock --unixctl=$D/db.ctl --pidfile=$D/db.pid \
  --log-file=$D/db.log --no-chdir --detach
ovs-vsctl --db=unix:$D/db.sock --no-wait init
ovs-vswitchd unix:$D/db.sock --enable-dummy=override --unixctl=$D/vs.ctl --pidfile=$D/vs.pid \
  --log-file=$D/vs.log --no-chdir --detach -vconsole:off
V="ovs-vsctl --db=unix:$D/db.sock --timeout=20"
A="ovs-appctl -t $D/vs.ctl"
$V add-br br0 -- set bridge br0 datapath_type=netdev
$V add-port br0 p1 -- set interface p1 type=dummy ofport_request=1 -- \
   set port p1 qos=@q -- --id=@q create qos type=egress-policer other-config:cir=1250000 other-config:cbs=2048
$V add-port br0 pp0 -- set interface pp0 type=patch options:peer=pp1 -- \
   add-port br0 pp1 -- set interface pp1 type=patch options:peer=pp0
sleep 1
for c in "qos/show p1" "qos/show-types p1" "qos/show pp0" "qos/show-types pp0" "qos/show nosuch" \
         "qos/show-types nosuch" "qos/show" "qos/show p1 p2"; do
  f=qos-$(echo "$c" | tr ' /:' '___')
  set +e; $A $c > $OUT/$f.txt 2>&1; echo "exit status $?" >> $OUT/$f.txt; set -e
done
