package dev.dfx.cli;

import picocli.CommandLine;

/** Entry point of the {@code dfx} command. */
public final class Main {
    private Main() {
    }

    /**
     * Runs the command and exits with its code: 0 success, 1 a failed measurement or server error, 2 bad usage, 130
     * a measurement stopped with Ctrl-C (see {@link Interrupt}).
     *
     * @param args command line arguments
     */
    public static void main(String[] args) {
        quietLogging(Boolean.getBoolean("dfx.verbose") || System.getenv("DFX_VERBOSE") != null);
        Interrupt.installHook();
        int code = run(args);
        Interrupt.exiting();
        System.exit(code);
    }

    /**
     * The library logs through System.Logger, which a plain JVM routes to java.util.logging at INFO on stderr. A
     * command line tool shows only warnings unless asked ({@code -Ddfx.verbose=true} or {@code DFX_VERBOSE=1}).
     */
    private static void quietLogging(boolean verbose) {
        String level = verbose ? "INFO" : "WARNING";
        String config = "handlers=java.util.logging.ConsoleHandler\n.level=" + level
                + "\njava.util.logging.ConsoleHandler.level=" + level + "\n";
        try {
            java.util.logging.LogManager.getLogManager().readConfiguration(
                    new java.io.ByteArrayInputStream(config.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Runs the command without exiting (for tests).
     *
     * @param args command line arguments
     * @return the exit code
     */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new DfxCommand());
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine.Model.CommandSpec spec = ex.getCommandLine().getCommandSpec();
            ex.getCommandLine().getErr().println("dfx: " + ex.getMessage() + " (usage: " + spec.qualifiedName()
                    + " --help)");
            return 2;
        });
        return cl.execute(args);
    }
}
