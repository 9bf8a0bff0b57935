package io.jvswitch.control.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code jvswitch} command line: one entry point, one subcommand per job. Parsing and help come from
 * picocli (docs/decisions/0003-picocli-for-the-cli.md); every bad argument ends with a clear message and exit
 * status 2, never a stack trace.
 */
@Command(name = "jvswitch", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "A userspace software switch datapath in Java (Open vSwitch compatible).",
        subcommands = {RunCommand.class, VswitchdCommand.class, StatsCommand.class, PortsCommand.class,
            DemoCommand.class,
            ParsePcapCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit status (tests call this). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("jvswitch: " + (ex.getMessage() != null ? ex.getMessage() : ex.toString()));
            return 1;
        });
        return cl.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Version from the jar manifest, or "dev" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"jvswitch " + (v != null ? v : "dev") + " (Java " + Runtime.version() + ")"};
        }
    }
}
