package io.jvswitch.control.model;

/** Bridge {@code fail_mode}: standalone (default: behaves as a learning switch) or secure. */
public enum FailMode {
    STANDALONE, SECURE
}
