package io.jvswitch.control.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code jvswitch} as a child process of the test JVM (same classpath), optionally behind a prefix such as
 * {@code setpriv ...}; output (stdout and stderr) goes to a log file.
 */
public final class JvswitchProcess {
    private JvswitchProcess() {
    }

    /** The command line: {@code prefix... java ... Main args...}. */
    public static List<String> command(List<String> prefix, String... args) {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Starts it with output to {@code log}. */
    public static Process start(Path log, List<String> prefix, String... args) throws IOException {
        return new ProcessBuilder(command(prefix, args)).redirectErrorStream(true).redirectOutput(log.toFile())
                .start();
    }

    /** Runs it to completion (at most {@code seconds}); returns exit status and output. */
    public static Result run(int seconds, List<String> prefix, String... args) throws Exception {
        Path log = Files.createTempFile("jvswitch-child", ".log");
        try {
            Process p = start(log, prefix, args);
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                fail("jvswitch " + String.join(" ", args) + " did not finish in " + seconds + " s: "
                        + Files.readString(log));
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** Waits until {@code log} contains {@code marker}; fails when the process dies or 30 s pass. */
    public static void awaitOutput(Process p, Path log, String marker) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.readString(log).contains(marker)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                fail("no '" + marker + "' from jvswitch: " + Files.readString(log));
            }
            Thread.sleep(50);
        }
    }

    /** Exit status and output of a finished run. */
    public record Result(int exit, String output) {
    }

    /** Runs any command (30 s at most); returns exit status and merged output. */
    public static Result exec(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", cmd) + " did not finish");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
