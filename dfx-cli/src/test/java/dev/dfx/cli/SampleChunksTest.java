package dev.dfx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed sample folders are what {@link SampleChunksGenerator} writes, and read as saved (issue 13). */
class SampleChunksTest {
    static final Path SAMPLES = Path.of("samples");
    static final Path DEMO = SAMPLES.resolve("dfx-demo-py");
    static final Path WEB = SAMPLES.resolve("web-sdk");

    @Test
    void committedSamples_areByteForByteWhatTheGeneratorWrites(@TempDir Path tmp) throws IOException {
        SampleChunksGenerator.write(tmp);

        for (String folder : List.of("dfx-demo-py", "web-sdk")) {
            List<Path> generated = files(tmp.resolve(folder));
            assertThat(generated).hasSize(folder.equals("web-sdk") ? 12 : 18);
            assertThat(files(SAMPLES.resolve(folder)).stream().map(p -> p.getFileName().toString()))
                    .containsExactlyElementsOf(generated.stream().map(p -> p.getFileName().toString()).toList());
            for (Path g : generated) {
                assertThat(Files.readAllBytes(SAMPLES.resolve(folder).resolve(g.getFileName())))
                        .as(folder + "/" + g.getFileName()).isEqualTo(Files.readAllBytes(g));
            }
        }
    }

    @Test
    void demoSample_isSixChunksOf152FramesAt30Fps() {
        List<SavedChunk> chunks = SavedChunkFolder.read(DEMO, Duration.ofSeconds(5));

        assertThat(chunks).hasSize(6).extracting(SavedChunk::number).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(chunks.get(0).startTime()).isEqualTo(0.0);
        assertThat(chunks.get(0).endTime()).isEqualTo(5.066667);
        assertThat(chunks.get(1).startTime()).isEqualTo(5.066667);
        assertThat(chunks.get(1).durationSeconds()).isEqualTo(5.066666);
        assertThat(chunks.get(5).endTime()).isEqualTo(30.4);
        assertThat(chunks).allSatisfy(c -> {
            assertThat(c.durationSeconds()).isBetween(5.0666, 5.0667);
            assertThat(new String(c.payload(), 0, 9, java.nio.charset.StandardCharsets.US_ASCII))
                    .isEqualTo("SYNTHETIC");
            assertThat(c.meta()).isNotEmpty();
        });
    }

    @Test
    void webSample_isSixChunksWithoutTimes_atTheGivenDuration() {
        List<SavedChunk> chunks = SavedChunkFolder.read(WEB, Duration.ofMillis(5000));

        assertThat(chunks).hasSize(6).extracting(SavedChunk::number).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(chunks).allSatisfy(c -> {
            assertThat(c.durationSeconds()).isEqualTo(5.0);
            assertThat(c.startTime()).isNull();
            assertThat(c.endTime()).isNull();
        });
        assertThat(chunks.get(3).payload()).isEqualTo(SampleChunksGenerator.payload(3));
        assertThat(chunks.get(3).meta()).isEqualTo(SampleChunksGenerator.metadata(3));
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
