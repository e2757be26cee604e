package dev.dfx.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Where the chunks of a {@code dfx measure} come from: a folder of saved chunks in a layout of docs/protocol.md §9 (read
 * by {@link SavedChunkFolder}), or random bytes.
 */
final class ChunkSource {
    private ChunkSource() {
    }

    /**
     * @param dir a folder of saved chunks in a layout of docs/protocol.md §9
     * @param fallback the duration of a chunk without properties
     * @return the chunks in chunk-number order
     * @throws IllegalArgumentException with one line naming the file and the fix (see {@link SavedChunkFolder})
     */
    static List<SavedChunk> fromFolder(Path dir, Duration fallback) {
        return SavedChunkFolder.read(dir, fallback);
    }

    static List<SavedChunk> synthetic(int count, int bytes, Duration duration, long seed) {
        if (count < 1) {
            throw new IllegalArgumentException("--synthetic must be 1 or more, got " + count);
        }
        if (bytes < 1) {
            throw new IllegalArgumentException("--chunk-bytes must be 1 or more, got " + bytes);
        }
        Random random = new Random(seed);
        List<SavedChunk> out = new ArrayList<>(count);
        double seconds = duration.toNanos() / 1e9;
        for (int i = 0; i < count; i++) {
            byte[] payload = new byte[bytes];
            random.nextBytes(payload);
            out.add(new SavedChunk(i, payload, null, seconds, i * seconds, (i + 1) * seconds, "synthetic chunk " + i));
        }
        return out;
    }
}
