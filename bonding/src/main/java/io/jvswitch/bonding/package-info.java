/**
 * Bonds and LACP (issue 6), as Open vSwitch has them ({@code ofproto/bond.c}, {@code lib/lacp.c};
 * {@code ../shared/reference/ovs-surface.md} §2 is the specification).
 *
 * <h2>Design</h2> Pure control-plane logic on a virtual clock (milliseconds passed in), no threads, no I/O:
 * <ul>
 *   <li>{@code lacp}: the LACPDU codec (bounds-checked; malformed PDUs counted, never thrown) and OVS's LACP
 *       state machines per member (current → expired → defaulted, periodic transmit, selection of the attached
 *       members), published to bonds through {@link io.jvswitch.bonding.LacpView}.</li>
 *   <li>{@code bond}: a bond's members (carrier, up/down delays, enable/disable), its active member, its 256 hash
 *       buckets (balance-slb: source MAC and VLAN; balance-tcp: the L3/L4 5-tuple), rebalancing and receive
 *       admissibility. The bucket table is what the datapath uses: the control module publishes it to the PMDs,
 *       so no packet ever calls into this module.</li>
 *   <li>Text output in OVS 3.1's formats ({@code bond/show}, {@code lacp/show}, {@code lacp/show-stats},
 *       {@code bond/list}, {@code bond/hash}).</li>
 * </ul>
 * The control module owns the threads: it feeds carrier changes, received LACPDUs and the clock in, sends the PDUs
 * and learning packets this module asks for, and reads states back for the database and {@code ovs-appctl}.
 */
package io.jvswitch.bonding;
