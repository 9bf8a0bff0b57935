package io.jvswitch.bonding.bond;

/**
 * An {@code ovs-appctl} reply: the text and whether it is an error ({@code unixctl_command_reply_error}).
 * Texts are OVS's, without trailing newline.
 */
public record Reply(boolean error, String text) {
    static Reply ok(String text) {
        return new Reply(false, text);
    }

    static Reply err(String text) {
        return new Reply(true, text);
    }
}
