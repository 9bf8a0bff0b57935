package io.jvswitch.control.cli;

import io.jvswitch.control.unixctl.UnixctlClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code jvswitch ports [--ctl PATH]}: the running daemon's ports (its {@code ports} control command). */
@Command(name = "ports", mixinStandardHelpOptions = true,
        description = "Show the ports of the running daemon (number, name, type, mode, queues, MTU, state, "
                + "counters).")
final class PortsCommand implements Callable<Integer> {
    @Option(names = "--ctl", paramLabel = "PATH", description = "the daemon's control socket (default: "
            + "$JVSWITCH_RUNDIR or /run/jvswitch, then /jvswitch.ctl)")
    Path ctl;

    @Override
    public Integer call() {
        try (UnixctlClient c = ControlClient.connect("ports", ctl)) {
            System.out.print(ControlClient.transact("ports", c, "ports"));
            return 0;
        } catch (ControlClient.Failure e) {
            System.err.println(e.getMessage());
            return 1;
        }
    }
}
