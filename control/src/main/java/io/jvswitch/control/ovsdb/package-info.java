/**
 * The drop-in for {@code ovs-vswitchd} (issue 5): jvswitch as a client of the host's real {@code ovsdb-server}.
 *
 * <h2>Design</h2> Three layers, each with one job:
 * <ul>
 *   <li><b>Session</b> ({@code OvsdbClient} and friends): a Netty channel to the remote ({@code unix:PATH} or
 *       {@code tcp:HOST:PORT}), RFC 7047 JSON-RPC (requests matched to replies by id, {@code echo} answered),
 *       the {@code ovs_vswitchd} lock ({@code locked}/{@code stolen} notifications), a {@code monitor} of the
 *       {@code Open_vSwitch} database kept as a {@link io.jvswitch.control.ovsdb.DbSnapshot} replica, every
 *       transaction ending with {@code {"op":"assert","lock":"ovs_vswitchd"}}, reconnection with back-off.</li>
 *   <li><b>Mapping</b> ({@code DbConfigMapper}, {@code WriteBack}): pure functions from a snapshot to the switch
 *       model ({@link io.jvswitch.control.model.SwitchConfig}) and from the switch's state
 *       ({@link io.jvswitch.control.ovsdb.SwitchStatus}) to the transaction operations that write back
 *       {@code ofport}, {@code error}, link state, statistics, {@code datapath_id} and {@code cur_cfg}.</li>
 *   <li><b>Daemon</b> ({@code Vswitchd}): applies each new snapshot to the runtime (incrementally: what did not
 *       change is not touched), writes back in one transaction with {@code cur_cfg := next_cfg} (what
 *       {@code ovs-vsctl} waits for), keeps forwarding while the database is away and resyncs when it is back.</li>
 * </ul>
 * The specification is {@code ../shared/reference/ovs-surface.md} sections 1 and 7.
 */
package io.jvswitch.control.ovsdb;
