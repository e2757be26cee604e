package dev.dfx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dfx.core.ActionId;
import dev.dfx.testkit.FakeDfxServer;
import dev.dfx.testkit.server.RecordedFrame;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Both committed sample folders replay with {@code --no-pace} against the fake server on a loopback socket, and the
 * server's recorded AddData frames carry exactly the ChunkOrder, StartTime, EndTime, Duration, Meta and Payload of
 * the files (issue 13, docs/protocol.md §9).
 */
class ReplaySamplesIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static FakeDfxServer server;

    @BeforeAll
    static void start() {
        server = FakeDfxServer.builder().tokens("replay-token").socket(0).rateLimit(false).build().start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The AddData bodies the server received for one measurement, in arrival order. */
    private static List<JsonNode> addData(String measurementId) {
        return server.receivedFrames().stream()
                .filter(f -> f.action() != null && f.action().equals(ActionId.MEASUREMENTS_ADD_DATA))
                .map(RecordedFrame::bodyText).map(JSON::readTree)
                .filter(b -> measurementId.equals(b.path("Params").path("ID").asString()))
                .toList();
    }

    private static CliTestSupport.Result replay(String measurementId, Path folder, String... more) {
        String[] base = {"measure", "--url", server.uri().toString(), "--token", "replay-token", "--measurement",
            measurementId, "--chunks", folder.toString(), "--no-pace", "--json", "--timeout", "60"};
        String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.Arrays.stream(more))
                .toArray(String[]::new);
        return CliTestSupport.run(args);
    }

    private static String base64(Path file) throws IOException {
        return Base64.getEncoder().encodeToString(Files.readAllBytes(file));
    }

    @Test
    void demoPySample_framesCarryEachPropertiesFileExactly() throws IOException {
        String id = server.createMeasurement();

        CliTestSupport.Result r = replay(id, SampleChunksTest.DEMO);

        assertThat(r.exitCode()).as(r.err()).isZero();
        List<JsonNode> frames = addData(id);
        assertThat(frames).hasSize(6);
        for (int i = 0; i < 6; i++) {
            Path dir = SampleChunksTest.DEMO;
            JsonNode props = JSON.readTree(Files.readString(dir.resolve(String.format("properties%04d.json", i)),
                    StandardCharsets.UTF_8));
            JsonNode sent = frames.get(i);
            assertThat(sent.get("ChunkOrder").intValue()).as("ChunkOrder %d", i)
                    .isEqualTo(props.get("chunk_number").intValue());
            assertThat(sent.get("StartTime").doubleValue()).as("StartTime %d", i)
                    .isEqualTo(props.get("start_time_s").doubleValue());
            assertThat(sent.get("EndTime").doubleValue()).as("EndTime %d", i)
                    .isEqualTo(props.get("end_time_s").doubleValue());
            assertThat(sent.get("Duration").doubleValue()).as("Duration %d", i)
                    .isEqualTo(props.get("duration_s").doubleValue());
            assertThat(sent.get("Meta").asString()).as("Meta %d", i)
                    .isEqualTo(base64(dir.resolve(String.format("metadata%04d.bin", i))));
            assertThat(sent.get("Payload").asString()).as("Payload %d", i)
                    .isEqualTo(base64(dir.resolve(String.format("payload%04d.bin", i))));
            assertThat(sent.get("Action").asString()).isEqualTo(i == 0 ? "FIRST::PROCESS"
                    : i == 5 ? "LAST::PROCESS" : "CHUNK::PROCESS");
        }
        assertThat(server.measurement(id)).hasValueSatisfying(m -> assertThat(m.closed()).isTrue());
    }

    @Test
    void webSdkSample_framesCarryChunkOrderMetaAndTheGivenDuration_withoutTimes() throws IOException {
        String id = server.createMeasurement();

        CliTestSupport.Result r = replay(id, SampleChunksTest.WEB, "--duration", "5");

        assertThat(r.exitCode()).as(r.err()).isZero();
        List<JsonNode> frames = addData(id);
        assertThat(frames).hasSize(6);
        for (int i = 0; i < 6; i++) {
            String prefix = SampleChunksGenerator.WEB_MEASUREMENT_ID;
            JsonNode sent = frames.get(i);
            assertThat(sent.get("ChunkOrder").intValue()).isEqualTo(i);
            assertThat(sent.get("Duration").doubleValue()).isEqualTo(5.0);
            assertThat(sent.has("StartTime")).as("no properties: no StartTime").isFalse();
            assertThat(sent.has("EndTime")).isFalse();
            assertThat(sent.get("Meta").asString())
                    .isEqualTo(base64(SampleChunksTest.WEB.resolve(prefix + "-metadata-" + i + ".bin")));
            assertThat(sent.get("Payload").asString())
                    .isEqualTo(base64(SampleChunksTest.WEB.resolve(prefix + "-payload-" + i + ".bin")));
        }
    }
}
