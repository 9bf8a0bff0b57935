/**
 * The control plane's view of QoS (issue 7): {@link io.jvswitch.control.qos.QosSnapshot} reads an interface's
 * policers and counters under their locks, {@link io.jvswitch.control.qos.QosShow} prints them as OVS 3.1's
 * {@code qos/show}, and {@link io.jvswitch.control.qos.QosAppctl} registers {@code qos/show} and
 * {@code qos/show-types} in both daemons. The policers themselves are the {@code qos} module's, kept in step with
 * the configuration by the runtime's {@code QosApplier}.
 */
package io.jvswitch.control.qos;
