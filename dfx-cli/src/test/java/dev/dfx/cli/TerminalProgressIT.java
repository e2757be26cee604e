package dev.dfx.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dfx.testkit.FakeDfxServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: on a terminal, {@code dfx measure} draws one live progress line; into a pipe, plain lines. The terminal
 * is a real pseudo-terminal made by util-linux {@code script}, which records what the process wrote to it.
 */
class TerminalProgressIT {

    @Test
    void onATerminal_oneLiveLine_inAPipe_plainLines() throws Exception {
        Path script = Path.of("/usr/bin/script");
        assumeTrue(Files.isExecutable(script), "util-linux 'script' is needed to make a pseudo-terminal");
        try (FakeDfxServer server = FakeDfxServer.builder().tokens("tty-token").acceptAnyMeasurement(true)
                .rateLimit(false).socket(0).build().start()) {
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), Main.class.getName(), "measure", "--url",
                    server.uri().toString(), "--token", "tty-token", "--measurement", "M-tty", "--synthetic", "4",
                    "--duration", "0.1", "--no-pace", "--timeout", "60");

            String tty = run(List.of(script.toString(), "-qec", command.stream().map(TerminalProgressIT::quote)
                    .collect(Collectors.joining(" ")), "/dev/null"));
            // The live line: redrawn with a carriage return and erase-line, never one line per chunk.
            assertThat(tty).contains("\r\033[K[").contains("4/4 acked").contains("ok: 4/4 chunks acked");
            List<String> lines = tty.lines().map(l -> l.substring(l.lastIndexOf('\r') + 1)).collect(
                    Collectors.toList());
            assertThat(lines).noneMatch(l -> l.matches("chunk \\d+/4 (sent|acked).*"));

            String pipe = run(command);
            assertThat(pipe).doesNotContain("\r").doesNotContain("\033[K").contains("chunk 4/4 acked (ChunkOrder 3)");
            assertThat(pipe.lines().filter(l -> l.startsWith("chunk ")).count()).isEqualTo(8);
        }
    }

    private static String run(List<String> command) throws IOException, InterruptedException,
            java.util.concurrent.ExecutionException, java.util.concurrent.TimeoutException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        pb.environment().remove("DFX_PROGRESS");
        pb.environment().put("TERM", "xterm");
        Process p = pb.start();
        try {
            p.getOutputStream().close();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("the command ends").isTrue();
            String text = out.get(10, TimeUnit.SECONDS);
            assertThat(p.exitValue()).as(text).isZero();
            return text;
        } finally {
            p.destroyForcibly();
        }
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
