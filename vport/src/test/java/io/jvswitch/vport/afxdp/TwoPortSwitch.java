package io.jvswitch.vport.afxdp;

import io.jvswitch.dataplane.action.Actions;
import io.jvswitch.dataplane.packet.FramePool;
import io.jvswitch.dataplane.pipeline.Pmd;
import io.jvswitch.dataplane.pipeline.PmdConfig;
import io.jvswitch.dataplane.port.Port;
import io.jvswitch.dataplane.upcall.PortForwardingUpcall;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SystemNanoClock;

/**
 * Two ports forwarding to each other through a real {@link Pmd} on its own thread (an Agrona {@link AgentRunner}),
 * with {@link PortForwardingUpcall} rules port 1 -&gt; port 2 and back: the datapath without the control module.
 * {@link #close()} stops the PMD thread first, then closes the ports and the pool.
 */
final class TwoPortSwitch implements AutoCloseable {
    final Port p1;
    final Port p2;
    final FramePool pool;
    final Pmd pmd;
    private final AgentRunner runner;

    TwoPortSwitch(Port p1, Port p2, FramePool pool, IdleStrategy idle) {
        this.p1 = p1;
        this.p2 = p2;
        this.pool = pool;
        PortForwardingUpcall upcall = new PortForwardingUpcall(PortForwardingUpcall.defaultMask())
                .rule(p1.portNo(), Actions.builder().output(p2.portNo()).build())
                .rule(p2.portNo(), Actions.builder().output(p1.portNo()).build());
        this.pmd = new Pmd(0, PmdConfig.defaults(), pool, upcall, new SystemNanoClock());
        pmd.attachPort(p1);
        pmd.attachPort(p2);
        this.runner = new AgentRunner(idle, Throwable::printStackTrace, null, pmd);
        AgentRunner.startOnThread(runner);
    }

    @Override
    public void close() {
        try {
            runner.close();
        } finally {
            p1.close();
            p2.close();
            pool.close();
        }
    }
}
