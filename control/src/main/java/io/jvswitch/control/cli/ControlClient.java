package io.jvswitch.control.cli;

import io.jvswitch.control.daemon.RunDir;
import io.jvswitch.control.unixctl.UnixctlClient;
import io.jvswitch.control.unixctl.UnixctlException;

import java.io.IOException;
import java.nio.file.Path;

/** What the client subcommands share: find the control socket, run one command, turn failures into messages. */
final class ControlClient {
    private ControlClient() {
    }

    /** A failure to show the user (exit status 1). */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message);
        }
    }

    static UnixctlClient connect(String cmd, Path ctl) throws Failure {
        try {
            return UnixctlClient.connect(RunDir.ctl(ctl));
        } catch (IOException e) {
            throw new Failure("jvswitch " + cmd + ": " + e.getMessage());
        }
    }

    static String transact(String cmd, UnixctlClient c, String method, String... args) throws Failure {
        try {
            return c.transact(method, args);
        } catch (UnixctlException e) {
            throw new Failure("jvswitch " + cmd + ": the daemon answered: " + e.getMessage().strip());
        } catch (IOException e) {
            throw new Failure("jvswitch " + cmd + ": " + e.getMessage());
        }
    }
}
