# Private OVS 3.1 sandbox (dummy datapath). Source this; then call start / stop.
D=$(mktemp -d /tmp/bondlogic-ovs.XXXXXX)
export OVS_RUNDIR=$D OVS_DBDIR=$D OVS_LOGDIR=$D OVS_PKGDATADIR=/usr/share/openvswitch OVS_SYSCONFDIR=$D
export OVS_CTL_TIMEOUT=20
start() {
  ovsdb-tool create $D/conf.db /usr/share/openvswitch/vswitch.ovsschema
  ovsdb-server $D/conf.db --remote=punix:$D/db.sock --pidfile=$D/ovsdb-server.pid --unixctl=$D/ovsdb-server.ctl \
     --log-file=$D/ovsdb-server.log --detach --no-chdir
  ovs-vsctl --db=unix:$D/db.sock --no-wait init
  ovs-vswitchd unix:$D/db.sock --enable-dummy=override --disable-system --disable-system-route \
     --pidfile=$D/ovs-vswitchd.pid --unixctl=$D/vswitchd.ctl --log-file=$D/ovs-vswitchd.log --detach --no-chdir
}
vsctl() { ovs-vsctl --db=unix:$D/db.sock --timeout=20 "$@"; }
appctl() { ovs-appctl -t $D/vswitchd.ctl "$@"; }
stop() {
  kill $(cat $D/ovs-vswitchd.pid) 2>/dev/null; sleep 0.5
  kill $(cat $D/ovsdb-server.pid) 2>/dev/null; sleep 0.3
  rm -rf "$D"
}
