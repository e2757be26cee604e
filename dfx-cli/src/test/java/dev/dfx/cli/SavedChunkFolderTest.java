package dev.dfx.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dfx.core.Chunk;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every public layout of docs/protocol.md §9 reads as saved (issue 13). The refusals are in {@link ReplayRefusalsTest}. */
class SavedChunkFolderTest {
    private static final Duration FIVE_S = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private void write(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    /** Older tools: unpadded names, pre-4.0 keys, integers; payload10 and payload11 come after payload9. */
    @Test
    void unpaddedNamesAndPre40Keys_areOrderedByChunkNumber() throws IOException {
        for (int i = 0; i < 12; i++) {
            write("payload" + i + ".bin", "p" + i);
            write("metadata" + i + ".bin", "m" + i);
            write("properties" + i + ".json", "{\"chunkNumber\": " + i + ", \"number_chunks\": 12, \"startTime_s\": "
                    + (5 * i) + ", \"endTime_s\": " + (5 * i + 5) + "}");
        }

        List<SavedChunk> chunks = SavedChunkFolder.read(dir, Duration.ofSeconds(1));

        assertThat(chunks).extracting(SavedChunk::number).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
        assertThat(chunks).extracting(c -> new String(c.payload(), StandardCharsets.US_ASCII))
                .containsExactly("p0", "p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8", "p9", "p10", "p11");
        assertThat(chunks.get(10).startTime()).isEqualTo(50.0);
        assertThat(chunks.get(10).endTime()).isEqualTo(55.0);
        assertThat(chunks.get(10).durationSeconds()).as("end - start").isEqualTo(5.0);
        assertThat(new String(chunks.get(11).meta(), StandardCharsets.US_ASCII)).isEqualTo("m11");
    }

    /** Files pair by the number in their names, not by position: padded and unpadded names mix. */
    @Test
    void filesArePairedByChunkNumber_notByPosition() throws IOException {
        write("payload0000.bin", "p0");
        write("payload1.bin", "p1");
        write("metadata0.bin", "m0");
        write("metadata0001.bin", "m1");
        write("properties0001.json", "{\"chunk_number\": 1, \"duration_s\": 4.5}");
        write("properties0.json", "{\"chunk_number\": 0, \"number_chunks\": 2, \"duration_s\": 5}");
        write("notes.txt", "ignored");

        List<SavedChunk> chunks = SavedChunkFolder.read(dir, FIVE_S);

        assertThat(chunks).extracting(c -> new String(c.meta(), StandardCharsets.US_ASCII)).containsExactly("m0", "m1");
        assertThat(chunks).extracting(SavedChunk::durationSeconds).containsExactly(5.0, 4.5);
    }

    @Test
    void durationS_winsOverEndMinusStart_andTimesAreKeptAsStored() throws IOException {
        write("payload0000.bin", "p");
        write("properties0000.json", "{\"valid\": true, \"chunk_number\": 0, \"number_chunks\": 1, "
                + "\"start_time_s\": 12.345678901234567, \"end_time_s\": 17.4, \"duration_s\": 5.0000001}");

        SavedChunk c = SavedChunkFolder.read(dir, FIVE_S).get(0);
        Chunk sent = c.toChunk();

        assertThat(sent.durationSeconds()).isEqualTo(5.0000001);
        assertThat(sent.startTime()).isEqualTo(12.345678901234567);
        assertThat(sent.endTime()).isEqualTo(17.4);
        assertThat(sent.meta()).as("no metadata file: no Meta").isNull();
    }

    @Test
    void emptyMetadata_isNotSent() throws IOException {
        write("payload0000.bin", "p0");
        write("payload0001.bin", "p1");
        write("metadata0000.bin", "");
        write("metadata0001.bin", "m1");

        List<SavedChunk> chunks = SavedChunkFolder.read(dir, FIVE_S);

        assertThat(chunks.get(0).toChunk().meta()).isNull();
        assertThat(chunks.get(1).toChunk().meta()).isEqualTo(ByteBuffer.wrap("m1".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void payloadsAlone_takeTheGivenDuration() throws IOException {
        write("payload0000.bin", "p0");
        write("payload0001.bin", "p1");

        List<SavedChunk> chunks = SavedChunkFolder.read(dir, Duration.ofMillis(2500));

        assertThat(chunks).extracting(SavedChunk::durationSeconds).containsExactly(2.5, 2.5);
        assertThat(chunks.get(0).toChunk().startTime()).isNull();
    }

    @Test
    void webLayout_pairsByNumber_andTakesTheGivenDuration() throws IOException {
        for (int i = 11; i >= 0; i--) {
            write("abc-123-payload-" + i + ".bin", "p" + i);
            write("abc-123-metadata-" + i + ".bin", "m" + i);
        }

        List<SavedChunk> chunks = SavedChunkFolder.read(dir, Duration.ofSeconds(10));

        assertThat(chunks).hasSize(12).extracting(SavedChunk::number).startsWith(0, 1, 2).endsWith(10, 11);
        assertThat(new String(chunks.get(10).payload(), StandardCharsets.US_ASCII)).isEqualTo("p10");
        assertThat(new String(chunks.get(10).meta(), StandardCharsets.US_ASCII)).isEqualTo("m10");
        assertThat(chunks).allSatisfy(c -> assertThat(c.durationSeconds()).isEqualTo(10.0));
    }

    @Test
    void exactly120Seconds_isAccepted() throws IOException {
        for (int i = 0; i < 24; i++) {
            write("payload" + i + ".bin", "p");
        }

        assertThat(SavedChunkFolder.read(dir, FIVE_S)).hasSize(24);
        assertThatThrownBy(() -> SavedChunkFolder.read(dir, Duration.ofMillis(5001)))
                .hasMessageContaining("payload23.bin");
    }
}
