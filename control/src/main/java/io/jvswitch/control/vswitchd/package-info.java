/**
 * {@code jvswitch vswitchd}: jvswitch run the way {@code ovs-vswitchd} runs (issue 5), so the host keeps its
 * {@code ovsdb-server}, {@code ovs-vsctl}, {@code ovs-appctl} and {@code ovs-ctl}.
 *
 * <h2>Design</h2> {@link io.jvswitch.control.vswitchd.Vswitchd} glues the OVSDB session
 * ({@code io.jvswitch.control.ovsdb}) to the {@link io.jvswitch.control.runtime.SwitchRuntime}: every snapshot of
 * the database is mapped to a whole {@code SwitchConfig} and applied (the runtime changes only what differs), then
 * the switch's state is written back in one transaction with {@code cur_cfg := next_cfg}. All of that runs on one
 * thread ({@code vswitchd-main}); the session's thread only hands over the newest snapshot. The process side —
 * OVS's directories and environment ({@link io.jvswitch.control.vswitchd.OvsDirs}), the locked pidfile, the
 * control socket {@code <rundir>/ovs-vswitchd.<pid>.ctl}, {@code --detach}
 * ({@link io.jvswitch.control.vswitchd.Detach}), the log file and the process name — follows
 * {@code ovs-vswitchd} so that {@code ovs-ctl} can start, stop and check it.
 */
package io.jvswitch.control.vswitchd;
