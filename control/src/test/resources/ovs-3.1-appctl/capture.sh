#!/bin/sh
# Captures ovs-appctl output of a private Open vSwitch 3.1 (netdev datapath, dummy ports).
set -eu
OUT=${1:?output dir}
D=$(mktemp -d /tmp/ovscap.XXXXXX)
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
ovs-vsctl --db=unix:$D/db.sock --no-wait set Open_vSwitch . other_config:pmd-cpu-mask=0x2
ovs-vswitchd unix:$D/db.sock --enable-dummy=override --unixctl=$D/vs.ctl --pidfile=$D/vs.pid \
  --log-file=$D/vs.log --no-chdir --detach -vconsole:off
V="ovs-vsctl --db=unix:$D/db.sock --timeout=20"
A="ovs-appctl -t $D/vs.ctl"
$V add-br br0 -- set bridge br0 datapath_type=netdev
$V add-port br0 p1 -- set interface p1 type=dummy-pmd ofport_request=1
$V add-port br0 p2 -- set interface p2 type=dummy-pmd ofport_request=2
$V add-port br0 p3 tag=10 -- set interface p3 type=dummy ofport_request=3
$V add-port br0 p4 -- set interface p4 type=dummy-pmd ofport_request=4 options:n_rxq=2
$A netdev-dummy/receive p1 'in_port(1),eth(src=50:54:00:00:00:01,dst=50:54:00:00:00:02),eth_type(0x0800),ipv4(src=10.0.0.1,dst=10.0.0.2,proto=1,tos=0,ttl=64,frag=no),icmp(type=8,code=0)'
$A netdev-dummy/receive p2 'in_port(2),eth(src=50:54:00:00:00:02,dst=50:54:00:00:00:01),eth_type(0x0800),ipv4(src=10.0.0.2,dst=10.0.0.1,proto=1,tos=0,ttl=64,frag=no),icmp(type=0,code=0)'
$A netdev-dummy/receive p1 'in_port(1),eth(src=50:54:00:00:00:01,dst=50:54:00:00:00:02),eth_type(0x0800),ipv4(src=10.0.0.1,dst=10.0.0.2,proto=1,tos=0,ttl=64,frag=no),icmp(type=8,code=0)'
$A netdev-dummy/receive p3 'in_port(3),eth(src=50:54:00:00:00:03,dst=ff:ff:ff:ff:ff:ff),eth_type(0x0806),arp(sip=10.0.0.3,tip=10.0.0.9,op=1,sha=50:54:00:00:00:03,tha=00:00:00:00:00:00)'
sleep 1
for c in version "fdb/show br0" dpif/show dpctl/dump-flows "dpctl/dump-flows -m" dpif-netdev/pmd-stats-show \
         dpif-netdev/pmd-rxq-show coverage/show memory/show vlog/list list-commands "fdb/flush br0" \
         "dpif-netdev/pmd-stats-clear"; do
  f=$(echo "$c" | tr ' /' '__')
  $A $c > $OUT/$f.txt 2>&1 || true
done
# error texts, with exit status
for c in "nosuchcmd" "fdb/show" "fdb/show br0 x" "fdb/show nosuchbr" "fdb/flush nosuchbr" "vlog/set nosuchmod" "vlog/set console:bogus" "exit --bogus"; do
  f=err-$(echo "$c" | tr ' /:' '___')
  set +e; $A $c > $OUT/$f.txt 2>&1; echo "exit status $?" >> $OUT/$f.txt; set -e
done
