package dev.dfx.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a folder of saved chunks in every public layout of docs/protocol.md §9, and refuses a folder that would not
 * replay as saved, before anything connects.
 *
 * <p>Layouts:
 * <ul>
 *   <li>dfx-demo-py's: {@code payloadNNNN.bin}, {@code metadataNNNN.bin}, {@code propertiesNNNN.json}, the number
 *       zero-padded to four digits, or unpadded ({@code payload0.bin} ... {@code payload11.bin}) as older tools wrote
 *       it. Properties keys: {@code chunk_number}, {@code number_chunks}, {@code start_time_s}, {@code end_time_s},
 *       {@code duration_s} (also {@code valid}, {@code start_frame}, {@code end_frame},
 *       {@code first_chunk_start_time_s}), as integers or floats; SDKs before 4.0 wrote {@code chunkNumber},
 *       {@code startTime_s}, {@code endTime_s}.</li>
 *   <li>the web SDK's downloads: {@code <measurementId>-payload-<n>.bin} and {@code <measurementId>-metadata-<n>.bin},
 *       with no properties; every chunk then lasts the given fallback ({@code --duration}).</li>
 * </ul>
 * Files are paired and ordered by the number in their names, never by name order ({@code payload10} comes after
 * {@code payload9}). Other files in the folder are ignored.
 *
 * <p>What is sent (§9): ChunkOrder = chunk number; StartTime and EndTime as stored; Duration = {@code duration_s},
 * or {@code end - start}; Meta only when the metadata file is not empty. What is refused, each as one
 * {@link IllegalArgumentException} line naming the file and the fix: a folder without payloads or mixing layouts or
 * measurements; {@code number_chunks} disagreeing with the chunks found; a gap or a duplicate chunk number (chunks
 * number from 0); a payload without its metadata or properties when other chunks have them, or the reverse; a
 * properties file whose chunk number is not the one in its name; more than 120 s in all (§4.3); a non-positive
 * duration; an unreadable, empty or malformed file.
 */
final class SavedChunkFolder {
    /** The most a measurement may hold (docs/protocol.md §4.3, §9). */
    static final double MAX_SECONDS = 120.0;

    private static final Pattern DEMO = Pattern.compile("(payload|metadata|properties)([0-9]+)\\.(bin|json)");
    private static final Pattern WEB = Pattern.compile("(.+)-(payload|metadata)-([0-9]+)\\.bin");
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private SavedChunkFolder() {
    }

    /**
     * @param dir the folder
     * @param fallback the duration of a chunk without properties (web layout, or dfx-demo-py payloads alone)
     * @return the chunks in chunk-number order, numbered from 0
     * @throws IllegalArgumentException with a one-line message naming the file and the fix
     */
    static List<SavedChunk> read(Path dir, Duration fallback) {
        if (!Files.isDirectory(dir)) {
            throw refuse("not a folder: " + dir, "give the folder that holds the payload files");
        }
        List<Path> demoFiles = new ArrayList<>();
        List<Path> webFiles = new ArrayList<>();
        TreeSet<String> webIds = new TreeSet<>();
        for (Path p : list(dir)) {
            String name = p.getFileName().toString();
            Matcher d = DEMO.matcher(name);
            Matcher w = WEB.matcher(name);
            if (d.matches() && d.group(1).equals("properties") == d.group(3).equals("json")) {
                demoFiles.add(p);
            } else if (w.matches()) {
                webFiles.add(p);
                webIds.add(w.group(1));
            }
        }
        if (!demoFiles.isEmpty() && !webFiles.isEmpty()) {
            throw refuse(dir + " mixes dfx-demo-py files (" + name(demoFiles.get(0)) + ") and web SDK files ("
                    + name(webFiles.get(0)) + ")", "keep one layout per folder");
        }
        if (webIds.size() > 1) {
            throw refuse(dir + " holds the chunks of several measurements (" + String.join(", ", webIds) + ")",
                    "keep one measurement per folder");
        }
        Map<Integer, Path> payloads = new TreeMap<>();
        Map<Integer, Path> metas = new TreeMap<>();
        Map<Integer, Path> props = new TreeMap<>();
        for (Path p : demoFiles) {
            Matcher d = DEMO.matcher(name(p));
            d.matches();
            put(d.group(1).equals("payload") ? payloads : d.group(1).equals("metadata") ? metas : props,
                    number(p, d.group(2)), p);
        }
        for (Path p : webFiles) {
            Matcher w = WEB.matcher(name(p));
            w.matches();
            put(w.group(2).equals("payload") ? payloads : metas, number(p, w.group(3)), p);
        }
        if (payloads.isEmpty()) {
            throw refuse("no payload files in " + dir, "expected payloadNNNN.bin (dfx-demo-py) or "
                    + "<measurementId>-payload-<n>.bin (web SDK)");
        }
        checkNumbering(payloads);
        checkPaired(payloads, metas, "metadata");
        checkPaired(payloads, props, "properties");

        List<SavedChunk> out = new ArrayList<>(payloads.size());
        double total = 0;
        for (Map.Entry<Integer, Path> e : payloads.entrySet()) {
            int n = e.getKey();
            byte[] payload = bytes(e.getValue());
            if (payload.length == 0) {
                throw refuse(name(e.getValue()) + " is empty", "restore the chunk's payload bytes");
            }
            byte[] meta = metas.containsKey(n) ? bytes(metas.get(n)) : null;
            SavedChunk chunk;
            if (props.containsKey(n)) {
                chunk = fromProperties(props.get(n), n, payloads.size(), payload, meta);
            } else {
                chunk = new SavedChunk(n, payload, meta, fallback.toNanos() / 1e9, null, null, name(e.getValue()));
            }
            total += chunk.durationSeconds();
            if (total > MAX_SECONDS + 1e-9) {
                throw refuse(chunk.source() + " takes the chunks to " + round(total) + " s, more than the "
                        + (int) MAX_SECONDS + " s a measurement may hold (docs/protocol.md §4.3)",
                        "replay at most " + (int) MAX_SECONDS + " s: move this chunk and the later ones to another "
                        + "folder");
            }
            out.add(chunk);
        }
        return List.copyOf(out);
    }

    private static SavedChunk fromProperties(Path file, int n, int found, byte[] payload, byte[] meta) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw refuse("cannot read " + name(file) + " (" + e.getClass().getSimpleName() + ")",
                    "check that it exists and is readable");
        } catch (JacksonException e) {
            throw refuse(name(file) + " is not valid JSON (" + abbreviate(String.valueOf(e.getOriginalMessage())
                    .replaceAll("\\s+", " ")) + ")",
                    "re-save it as one JSON object, or remove every properties file to use --duration");
        }
        if (root == null || !root.isObject()) {
            throw refuse(name(file) + " is not a JSON object", "re-save it as one JSON object");
        }
        Double chunkNumber = number(root, file, "chunk_number", "chunkNumber");
        if (chunkNumber != null && (chunkNumber != Math.rint(chunkNumber) || chunkNumber != n)) {
            throw refuse(name(file) + " says chunk number " + plain(chunkNumber) + " but is named for chunk " + n,
                    "rename the chunk's files to its number, or fix chunk_number");
        }
        Double count = number(root, file, "number_chunks");
        if (count != null && count != found) {
            throw refuse(name(file) + " says number_chunks " + plain(count) + " but the folder holds " + found
                    + " chunks", "restore the missing chunk files, or fix number_chunks");
        }
        for (String key : List.of("start_frame", "end_frame", "first_chunk_start_time_s")) {
            number(root, file, key);
        }
        Double start = number(root, file, "start_time_s", "startTime_s");
        Double end = number(root, file, "end_time_s", "endTime_s");
        Double duration = number(root, file, "duration_s");
        if (duration == null) {
            if (start == null || end == null) {
                throw refuse(name(file) + " gives neither duration_s nor start_time_s and end_time_s",
                        "add duration_s, or remove every properties file to use --duration");
            }
            duration = end - start;
        }
        if (!(duration > 0) || Math.round(duration * 1e9) <= 0) {
            throw refuse(name(file) + " gives a duration of " + duration + " s", "a chunk's duration must be "
                    + "positive: fix duration_s (or start_time_s and end_time_s)");
        }
        return new SavedChunk(n, payload, meta, duration, start, end, name(file));
    }

    /** The first of the keys present, which must be a finite number; null if none is present. */
    private static Double number(JsonNode root, Path file, String... keys) {
        for (String key : keys) {
            JsonNode v = root.get(key);
            if (v == null || v.isNull()) {
                continue;
            }
            if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
                throw refuse(name(file) + ": " + key + " is " + abbreviate(v.toString()) + ", not a number",
                        "fix it to a number of " + (key.endsWith("_s") ? "seconds" : "chunks or frames"));
            }
            return v.doubleValue();
        }
        return null;
    }

    private static void checkNumbering(Map<Integer, Path> payloads) {
        int expected = 0;
        for (Map.Entry<Integer, Path> e : payloads.entrySet()) {
            if (e.getKey() != expected) {
                throw refuse("chunk " + expected + " is missing: the next payload is " + name(e.getValue()),
                        "chunks number from 0 without gaps; restore the missing chunk or replay only the chunks "
                        + "before it");
            }
            expected++;
        }
    }

    private static void checkPaired(Map<Integer, Path> payloads, Map<Integer, Path> others, String kind) {
        if (others.isEmpty()) {
            return;
        }
        for (Map.Entry<Integer, Path> e : payloads.entrySet()) {
            if (!others.containsKey(e.getKey())) {
                throw refuse(name(e.getValue()) + " has no " + kind + " file while other chunks have one",
                        "restore chunk " + e.getKey() + "'s " + kind + " file, or remove every " + kind + " file");
            }
        }
        for (Map.Entry<Integer, Path> e : others.entrySet()) {
            if (!payloads.containsKey(e.getKey())) {
                throw refuse(name(e.getValue()) + " has no payload file for chunk " + e.getKey(),
                        "restore the payload, or remove this file");
            }
        }
    }

    private static void put(Map<Integer, Path> into, int n, Path p) {
        Path old = into.put(n, p);
        if (old != null) {
            Path first = old.getFileName().toString().compareTo(p.getFileName().toString()) < 0 ? old : p;
            Path second = first == old ? p : old;
            throw refuse("duplicate chunk number " + n + ": " + name(first) + " and " + name(second),
                    "keep one file per chunk number");
        }
    }

    private static int number(Path p, String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw refuse(name(p) + " has a chunk number too large to be one", "rename it");
        }
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            // Not filtered on isRegularFile: a matching name that cannot be read as a file is refused, not skipped.
            return s.sorted().toList();
        } catch (IOException e) {
            throw refuse("cannot list " + dir + " (" + e.getClass().getSimpleName() + ")",
                    "check that the folder is readable");
        }
    }

    private static byte[] bytes(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw refuse("cannot read " + name(p) + " (" + e.getClass().getSimpleName() + ")",
                    "check that it exists and is readable");
        }
    }

    private static String name(Path p) {
        return p.getFileName().toString();
    }

    private static String plain(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
    }

    private static String round(double seconds) {
        return String.format(java.util.Locale.ROOT, "%.3f", seconds);
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    private static IllegalArgumentException refuse(String problem, String fix) {
        return new IllegalArgumentException("--chunks: " + problem + "; " + fix);
    }
}
