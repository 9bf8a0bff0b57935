package io.jvswitch.benchmarks;

import io.jvswitch.control.bridge.Bridges;
import io.jvswitch.control.model.BridgeConfig;
import io.jvswitch.control.model.PortConfig;
import io.jvswitch.control.model.SwitchConfig;
import io.jvswitch.control.model.VlanMode;
import io.jvswitch.dataplane.packet.FramePool;
import io.jvswitch.dataplane.pipeline.Pmd;
import io.jvswitch.dataplane.pipeline.PmdConfig;
import io.jvswitch.dataplane.port.Port;
import org.agrona.concurrent.SystemNanoClock;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A bridge "br0" of ports p1..pN (all access ports of VLAN 10, datapath port i = pi) switching with NORMAL through
 * a real PMD: the setup shared by the NORMAL benchmarks.
 */
final class NormalBridge {
    final FramePool pool = new FramePool(8192);
    final SystemNanoClock clock = new SystemNanoClock();
    final Bridges bridges = new Bridges(clock);
    final Pmd pmd;

    NormalBridge(List<Port> ports) {
        this(ports, PmdConfig.defaults());
    }

    NormalBridge(List<Port> ports, PmdConfig cfg) {
        List<PortConfig> pcs = new ArrayList<>();
        for (Port p : ports) {
            pcs.add(PortConfig.of("p" + p.portNo(), "dummy").withVlan(VlanMode.ACCESS, 10, Set.of()));
        }
        bridges.reconfigure(new SwitchConfig(List.of(BridgeConfig.of("br0", pcs))),
                name -> Integer.parseInt(name.substring(1)));
        bridges.revalidator().setMaxIdleNanos(cfg.maxIdleNanos());
        pmd = new Pmd(0, cfg, pool, bridges.upcallHandler(), clock);
        for (Port p : ports) {
            pmd.attachPort(p);
        }
    }
}
