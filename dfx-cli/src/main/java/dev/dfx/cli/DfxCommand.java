package dev.dfx.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code dfx}: with no subcommand, the same as {@code dfx demo}. */
@Command(name = "dfx", mixinStandardHelpOptions = true, version = "dfx 0.1.0-SNAPSHOT",
        description = "DeepAffex (DFX) WebSocket client from the terminal. With no subcommand, runs 'dfx demo'.",
        subcommands = {DemoCommand.class, MeasureCommand.class, ServeCommand.class, BenchCommand.class})
final class DfxCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return new DemoCommand().call();
    }
}
