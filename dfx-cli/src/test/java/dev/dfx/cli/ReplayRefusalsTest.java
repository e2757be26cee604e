package dev.dfx.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dfx measure --chunks DIR} refuses a folder that would not replay as saved: exit 2 and one line naming the
 * file and the fix, before connecting (issue 13, docs/protocol.md §9). The URL points at a closed port: a run that got as
 * far as connecting would exit 1.
 */
class ReplayRefusalsTest {
    @TempDir
    Path dir;

    private static void write(Path dir, String name, String text) {
        try {
            Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String props(int n, int of, String more) {
        return "{\"chunk_number\": " + n + ", \"number_chunks\": " + of + more + "}";
    }

    /** Three good dfx-demo-py chunks of 5 s; a case then breaks them. */
    private static void three(Path d) {
        for (int i = 0; i < 3; i++) {
            write(d, String.format("payload%04d.bin", i), "payload " + i);
            write(d, String.format("metadata%04d.bin", i), "meta " + i);
            write(d, String.format("properties%04d.json", i), props(i, 3, ", \"start_time_s\": " + 5 * i
                    + ", \"end_time_s\": " + (5 * i + 5) + ", \"duration_s\": 5"));
        }
    }

    private static Consumer<Path> threeThen(Consumer<Path> change) {
        return d -> {
            three(d);
            change.accept(d);
        };
    }

    private static void delete(Path d, String name) {
        try {
            Files.delete(d.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                arguments(named("number_chunks disagrees with the chunks found", threeThen(d ->
                        write(d, "properties0000.json", props(0, 4, ", \"duration_s\": 5")))),
                        "properties0000.json", "number_chunks 4"),
                arguments(named("a gap in the chunk numbers", threeThen(d -> {
                    delete(d, "payload0001.bin");
                    delete(d, "metadata0001.bin");
                    delete(d, "properties0001.json");
                })), "payload0002.bin", "chunk 1 is missing"),
                arguments(named("numbers not starting at 0", (Consumer<Path>) d -> {
                    write(d, "payload1.bin", "p");
                    write(d, "payload2.bin", "p");
                }), "payload1.bin", "chunk 0 is missing"),
                arguments(named("a duplicate chunk number", threeThen(d -> write(d, "payload1.bin", "again"))),
                        "payload0001.bin and payload1.bin", "duplicate"),
                arguments(named("properties naming another chunk", threeThen(d ->
                        write(d, "properties0001.json", props(2, 3, ", \"duration_s\": 5")))),
                        "properties0001.json", "chunk number 2"),
                arguments(named("a payload without its metadata", threeThen(d -> delete(d, "metadata0001.bin"))),
                        "payload0001.bin", "no metadata"),
                arguments(named("a payload without its properties", threeThen(d -> delete(d, "properties0002.json"))),
                        "payload0002.bin", "no properties"),
                arguments(named("metadata without its payload", threeThen(d -> write(d, "metadata0007.bin", "m"))),
                        "metadata0007.bin", "no payload"),
                arguments(named("more than 120 s in all (properties)", threeThen(d ->
                        write(d, "properties0002.json", props(2, 3, ", \"duration_s\": 110.5")))),
                        "properties0002.json", "120 s"),
                arguments(named("more than 120 s in all (payloads alone, --duration 5)", (Consumer<Path>) d -> {
                    for (int i = 0; i < 25; i++) {
                        write(d, "payload" + i + ".bin", "p");
                    }
                }), "payload24.bin", "120 s"),
                arguments(named("a zero duration", threeThen(d ->
                        write(d, "properties0001.json", props(1, 3, ", \"duration_s\": 0")))),
                        "properties0001.json", "must be positive"),
                arguments(named("end before start", threeThen(d -> write(d, "properties0001.json",
                        props(1, 3, ", \"start_time_s\": 10.0, \"end_time_s\": 9.5")))),
                        "properties0001.json", "must be positive"),
                arguments(named("no duration and no times", threeThen(d ->
                        write(d, "properties0001.json", props(1, 3, "")))),
                        "properties0001.json", "duration_s"),
                arguments(named("malformed JSON", threeThen(d -> write(d, "properties0001.json", "{\"chunk_number\": 1,"))),
                        "properties0001.json", "not valid JSON"),
                arguments(named("a JSON array", threeThen(d -> write(d, "properties0001.json", "[1, 2]"))),
                        "properties0001.json", "not a JSON object"),
                arguments(named("a duplicate JSON key", threeThen(d -> write(d, "properties0001.json",
                        "{\"chunk_number\": 1, \"duration_s\": 5, \"duration_s\": 6}"))),
                        "properties0001.json", "not valid JSON"),
                arguments(named("a string where a number goes", threeThen(d -> write(d, "properties0001.json",
                        props(1, 3, ", \"duration_s\": \"five\"")))), "properties0001.json", "not a number"),
                arguments(named("an empty payload", threeThen(d -> write(d, "payload0002.bin", ""))),
                        "payload0002.bin", "empty"),
                arguments(named("an unreadable payload (a folder by that name)", (Consumer<Path>) d -> {
                    write(d, "payload0000.bin", "p");
                    try {
                        Files.createDirectory(d.resolve("payload0001.bin"));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }), "payload0001.bin", "cannot read"),
                arguments(named("two layouts mixed", threeThen(d -> write(d, "m1-payload-0.bin", "p"))),
                        "mixes", "one layout"),
                arguments(named("two measurements in the web layout", (Consumer<Path>) d -> {
                    write(d, "m1-payload-0.bin", "p");
                    write(d, "m2-payload-1.bin", "p");
                }), "m1, m2", "one measurement"),
                arguments(named("no payload files", (Consumer<Path>) d -> write(d, "readme.txt", "x")),
                        "no payload files", "payloadNNNN.bin"));
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void folder_isRefusedWithExit2AndOneLineNamingTheFile(Consumer<Path> folder, String file, String problem) {
        folder.accept(dir);

        CliTestSupport.Result r = CliTestSupport.run("measure", "--url", "ws://127.0.0.1:9", "--token", "t",
                "--measurement", "M", "--chunks", dir.toString(), "--duration", "5", "--timeout", "5");

        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).startsWith("dfx: --chunks: ").contains(file).contains(problem).contains("; ");
        assertThat(r.out()).isEmpty();
    }
}
