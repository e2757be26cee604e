package dev.dfx.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Where the chunks of a {@code dfx measure} come from: a folder of saved chunks in dfx-demo-py's layout, or random
 * bytes.
 *
 * <p>Folder layout: {@code payload*.bin} in name order, with optional {@code metadata*.bin} and
 * {@code properties*.json} beside them (same order). A properties file gives {@code duration_s}, or
 * {@code start_time_s} and {@code end_time_s}; without one, the fallback duration applies.
 */
final class ChunkSource {
    private static final Pattern NUMBER = Pattern.compile("\"%s\"\\s*:\\s*(-?[0-9]+(?:\\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)");

    private ChunkSource() {
    }

    static List<SavedChunk> fromFolder(Path dir, Duration fallback) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--chunks: not a folder: " + dir);
        }
        List<Path> payloads = list(dir, "payload", ".bin");
        List<Path> metas = list(dir, "metadata", ".bin");
        List<Path> props = list(dir, "properties", ".json");
        if (payloads.isEmpty()) {
            throw new IllegalArgumentException("--chunks: no payload*.bin files in " + dir);
        }
        if (!metas.isEmpty() && metas.size() != payloads.size()) {
            throw new IllegalArgumentException("--chunks: " + payloads.size() + " payload files but " + metas.size()
                    + " metadata files in " + dir);
        }
        if (!props.isEmpty() && props.size() != payloads.size()) {
            throw new IllegalArgumentException("--chunks: " + payloads.size() + " payload files but " + props.size()
                    + " properties files in " + dir);
        }
        List<SavedChunk> out = new ArrayList<>();
        for (int i = 0; i < payloads.size(); i++) {
            byte[] payload = Files.readAllBytes(payloads.get(i));
            byte[] meta = metas.isEmpty() ? null : Files.readAllBytes(metas.get(i));
            Duration duration = fallback;
            Double start = null;
            Double end = null;
            if (!props.isEmpty()) {
                String json = Files.readString(props.get(i), StandardCharsets.UTF_8);
                Double d = number(json, "duration_s");
                start = number(json, "start_time_s");
                end = number(json, "end_time_s");
                if (d == null && start != null && end != null) {
                    d = end - start;
                }
                if (d != null) {
                    if (d <= 0) {
                        throw new IllegalArgumentException("--chunks: " + props.get(i).getFileName()
                                + " gives a duration of " + d + " s; it must be positive");
                    }
                    duration = Duration.ofNanos(Math.round(d * 1e9));
                }
            }
            out.add(new SavedChunk(payload, meta, duration, start, end));
        }
        return out;
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
            out.add(new SavedChunk(payload, null, duration, i * seconds, (i + 1) * seconds));
        }
        return out;
    }

    private static List<Path> list(Path dir, String prefix, String suffix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(prefix) && n.endsWith(suffix) && Files.isRegularFile(p);
            }).sorted().collect(Collectors.toList());
        }
    }

    private static Double number(String json, String key) {
        Matcher m = Pattern.compile(String.format(NUMBER.pattern(), Pattern.quote(key))).matcher(json);
        return m.find() ? Double.valueOf(m.group(1)) : null;
    }
}
