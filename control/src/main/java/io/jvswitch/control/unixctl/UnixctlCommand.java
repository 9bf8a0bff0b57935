package io.jvswitch.control.unixctl;

/**
 * One registered control-socket command, as OVS's {@code unixctl_command_register}: a usage string shown by
 * {@code list-commands} (null hides the command), the argument count range, and the handler.
 */
public record UnixctlCommand(String name, String usage, int minArgs, int maxArgs, Handler handler) {

    /** Runs a command; returns the reply text or throws {@link UnixctlException} with the error text. */
    @FunctionalInterface
    public interface Handler {
        /** {@code args} are the parameters after the command name (all strings, as OVS requires). */
        String handle(String[] args) throws UnixctlException;
    }
}
