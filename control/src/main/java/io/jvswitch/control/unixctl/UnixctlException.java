package io.jvswitch.control.unixctl;

/**
 * A command that fails: the message becomes the JSON-RPC {@code error} string, which {@code ovs-appctl} prints on
 * stderr before exiting with status 2 (OVS's {@code unixctl_command_reply_error}).
 */
public final class UnixctlException extends Exception {
    private static final long serialVersionUID = 1L;

    public UnixctlException(String message) {
        super(message);
    }
}
