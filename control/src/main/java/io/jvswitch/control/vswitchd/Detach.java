package io.jvswitch.control.vswitchd;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code --detach} as ovs-vswitchd does it: the command returns only once the daemon has applied its first
 * configuration (written {@code cur_cfg}), and the daemon runs on in its own session with no terminal. A JVM
 * cannot fork, so the starting process runs the same command again without {@code --detach} under
 * {@code setsid}, with {@link #ENV} set; the child prints {@link #READY} on its stdout when configured and then
 * lets go of it; the parent waits for that line (or the child's death) and exits 0 (or with the child's status).
 */
public final class Detach {
    /** Set in the child's environment. */
    public static final String ENV = "JVSWITCH_DETACHED_CHILD";
    static final String READY = "jvswitch-vswitchd: detached and configured";

    private Detach() {
    }

    /** Whether this process is the detached child. */
    public static boolean isChild() {
        return "1".equals(System.getenv(ENV));
    }

    /**
     * Starts the detached child with this JVM's command line minus {@code --detach} and waits until it is
     * configured.
     *
     * @return the status this (parent) process should exit with
     */
    public static int runParent(String detachOption) throws IOException, InterruptedException {
        ProcessHandle.Info info = ProcessHandle.current().info();
        Optional<String> cmd = info.command();
        Optional<String[]> args = info.arguments();
        if (cmd.isEmpty() || args.isEmpty()) {
            System.err.println("ovs-vswitchd: --detach: cannot read this process's command line");
            return 1;
        }
        List<String> argv = new ArrayList<>();
        argv.add("setsid");
        argv.add(cmd.get());
        for (String a : args.get()) {
            if (!a.equals(detachOption)) {
                argv.add(a);
            }
        }
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().put(ENV, "1");
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process child = pb.start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.equals(READY)) {
                    return 0;
                }
                System.out.println(line);
            }
        }
        int status = child.waitFor();
        System.err.println("ovs-vswitchd: the detached daemon exited with status " + status
                + " before it was configured");
        return status == 0 ? 1 : status;
    }

    /**
     * In the child: tells the parent the daemon is configured and stops using stdout/stderr (the parent is
     * gone soon; the terminal is not ours).
     */
    public static void childReady() {
        PrintStream out = System.out;
        out.println(READY);
        out.flush();
        PrintStream nowhere = new PrintStream(java.io.OutputStream.nullOutputStream());
        System.setOut(nowhere);
        System.setErr(nowhere);
        out.close();
    }
}
