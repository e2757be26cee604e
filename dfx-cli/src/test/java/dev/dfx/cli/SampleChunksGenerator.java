package dev.dfx.cli;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Writes the two sample folders of saved chunks under {@code dfx-cli/samples} (docs/protocol.md §9), from nothing but
 * java.base, the same bytes on every run:
 * <ul>
 *   <li>{@code dfx-demo-py/}: dfx-demo-py's four-digit layout, {@code payloadNNNN.bin}, {@code metadataNNNN.bin}
 *       and one-line {@code propertiesNNNN.json};</li>
 *   <li>{@code web-sdk/}: the web SDK's downloads, {@code <measurementId>-payload-<n>.bin} and
 *       {@code <measurementId>-metadata-<n>.bin}, no properties.</li>
 * </ul>
 * Both hold the same six chunks: a 30 s measurement in 5 s chunks at 30 fps, frames 1-152, 153-304, ... (152 frames,
 * 5.066667 s each; times have six decimals like a live SDK's floats, duration = end - start). The payload and
 * metadata bytes are SYNTHETIC: a text header saying so, then seeded pseudo-random bytes. They are not DFX Extraction
 * library output, and a real DFX server would refuse them ({@code UNPACKER_RPC_ERROR}); they exist to test replay.
 *
 * <p>Run from the repository root: {@code java dfx-cli/src/test/java/dev/dfx/cli/SampleChunksGenerator.java
 * dfx-cli/samples}. {@code SampleChunksTest} checks the committed folders are byte for byte what this writes.
 */
final class SampleChunksGenerator {
    /** The measurement id in the web layout's file names (made up). */
    static final String WEB_MEASUREMENT_ID = "5e1f3a2c-7b9d-4c6e-8a0f-1d2b3c4d5e6f";
    static final int CHUNKS = 6;
    static final int FRAMES_PER_CHUNK = 152;
    static final int FPS = 30;
    private static final int PAYLOAD_BYTES = 2048;
    private static final int META_BYTES = 96;

    private SampleChunksGenerator() {
    }

    /**
     * @param args the folder to write the two sample folders into
     * @throws IOException if a file cannot be written
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: java SampleChunksGenerator.java <folder, e.g. dfx-cli/samples>");
        }
        write(Path.of(args[0]));
    }

    /** Writes {@code root/dfx-demo-py} and {@code root/web-sdk}. */
    static void write(Path root) throws IOException {
        Path demo = Files.createDirectories(root.resolve("dfx-demo-py"));
        Path web = Files.createDirectories(root.resolve("web-sdk"));
        for (int i = 0; i < CHUNKS; i++) {
            byte[] payload = payload(i);
            byte[] meta = metadata(i);
            Files.write(demo.resolve(String.format("payload%04d.bin", i)), payload);
            Files.write(demo.resolve(String.format("metadata%04d.bin", i)), meta);
            Files.writeString(demo.resolve(String.format("properties%04d.json", i)), properties(i),
                    StandardCharsets.UTF_8);
            Files.write(web.resolve(WEB_MEASUREMENT_ID + "-payload-" + i + ".bin"), payload);
            Files.write(web.resolve(WEB_MEASUREMENT_ID + "-metadata-" + i + ".bin"), meta);
        }
    }

    static byte[] payload(int chunk) {
        return bytes("SYNTHETIC dfx-java sample payload, chunk " + chunk + ": not DFX Extraction output\n",
                PAYLOAD_BYTES, 0x5EED0000L + chunk);
    }

    static byte[] metadata(int chunk) {
        return bytes("SYNTHETIC dfx-java sample metadata, chunk " + chunk + "\n", META_BYTES, 0x3E7A0000L + chunk);
    }

    /** One line, keys in dfx-demo-py's order, like Python's {@code json.dumps}. */
    static String properties(int chunk) {
        int startFrame = chunk * FRAMES_PER_CHUNK + 1;
        int endFrame = (chunk + 1) * FRAMES_PER_CHUNK;
        BigDecimal start = seconds(startFrame - 1);
        BigDecimal end = seconds(endFrame);
        BigDecimal duration = end.subtract(start);
        return "{\"valid\": true, \"start_frame\": " + startFrame + ", \"end_frame\": " + endFrame
                + ", \"chunk_number\": " + chunk + ", \"number_chunks\": " + CHUNKS
                + ", \"first_chunk_start_time_s\": 0.0, \"start_time_s\": " + text(start) + ", \"end_time_s\": "
                + text(end) + ", \"duration_s\": " + text(duration) + "}";
    }

    /** Frame count to seconds at 30 fps, six decimals. */
    private static BigDecimal seconds(int frames) {
        return BigDecimal.valueOf(frames).divide(BigDecimal.valueOf(FPS), 6, RoundingMode.HALF_UP);
    }

    private static String text(BigDecimal d) {
        String s = d.stripTrailingZeros().toPlainString();
        return s.contains(".") ? s : s + ".0";
    }

    private static byte[] bytes(String header, int size, long seed) {
        byte[] out = new byte[size];
        byte[] h = header.getBytes(StandardCharsets.US_ASCII);
        byte[] rest = new byte[size - h.length];
        new Random(seed).nextBytes(rest);
        System.arraycopy(h, 0, out, 0, h.length);
        System.arraycopy(rest, 0, out, h.length, rest.length);
        return out;
    }
}
