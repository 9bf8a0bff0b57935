package io.jvswitch.control.daemon;

import io.jvswitch.control.unixctl.UnixctlException;
import io.jvswitch.control.unixctl.UnixctlServer;

/**
 * The daemon's control-socket commands (docs/cli.md): {@code ports}, {@code stats}, {@code fdb/show BRIDGE},
 * {@code exit [--cleanup]}, plus the server's own {@code version} and {@code list-commands}.
 */
public final class ControlCommands {
    private ControlCommands() {
    }

    /** Registers the commands; {@code exit} replies, then runs {@code onExit} on a new thread. */
    public static void register(UnixctlServer server, SwitchView view, Runnable onExit) {
        server.register("ports", "", 0, 0, args -> StatusText.ports(view.ports()));
        server.register("stats", "", 0, 0, args -> StatusText.stats(view.ports(), view.pmds()));
        server.register("fdb/show", "bridge", 1, 1, args -> {
            try {
                return view.fdbShow(args[0]);
            } catch (IllegalArgumentException e) {
                throw new UnixctlException(e.getMessage());
            }
        });
        server.register("exit", "[--cleanup]", 0, 1, args -> {
            if (args.length == 1 && !args[0].equals("--cleanup")) {
                throw new UnixctlException("exit: unknown option " + args[0] + " (only --cleanup)");
            }
            // Reply first: the exit (shutdown hooks close the socket) runs a moment later on its own thread.
            Thread t = new Thread(() -> {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                onExit.run();
            }, "jvswitch-exit");
            t.setDaemon(false);
            t.start();
            return "";
        });
    }
}
