package dev.dfx.interop;

import dev.dfx.codec.json.JacksonBodyCodec;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The official JavaScript client, installed with npm into a work folder and driven by {@code interop.mjs}: one Node
 * process per {@link #run run}. Not thread-safe (tests use it from one thread).
 */
final class NodeClient {
    /** The npm package of the official client. */
    static final String CLIENT_PACKAGE = "@nuralogix.ai/dfx-api-client";
    /** The version pinned in {@code package.json} and {@code package-lock.json}. */
    static final String CLIENT_VERSION = "1.0.73";

    private static final List<String> FILES = List.of("package.json", "package-lock.json", "interop.mjs");
    private static final String STAMP = ".dfx-interop-installed";
    private static final Pattern VERSION = Pattern.compile("v(\\d+)\\.(\\d+)\\.(\\d+).*");
    private static final JacksonBodyCodec CODEC = JacksonBodyCodec.create();

    private final Path node;
    private final List<String> nodeFlags;
    private final String nodeVersion;
    private final Path workDir;
    private final AtomicInteger runs = new AtomicInteger();

    private NodeClient(Path node, List<String> nodeFlags, String nodeVersion, Path workDir) {
        this.node = node;
        this.nodeFlags = nodeFlags;
        this.nodeVersion = nodeVersion;
        this.workDir = workDir;
    }

    /**
     * Finds Node.js and npm, copies the script and its lock file into {@code workDir} and runs {@code npm ci} there,
     * unless {@code node_modules} already holds exactly that lock file's packages.
     *
     * @param sources the folder holding {@code package.json}, {@code package-lock.json} and {@code interop.mjs}
     * @param workDir where to install (under {@code target/})
     * @return the installed client
     * @throws IllegalStateException naming what is missing or what failed
     */
    static NodeClient install(Path sources, Path workDir) throws IOException, InterruptedException {
        Path node = executable("dfx.interop.node", "node", "nodejs");
        if (node == null) {
            throw new IllegalStateException("Node.js is not installed: no 'node' (or 'nodejs') on PATH="
                    + System.getenv("PATH") + ". The interop test drives the official JavaScript client with Node 18"
                    + " or later and npm; install them (Debian: apt-get install -y nodejs npm; .ci/run does this)"
                    + " or point -Ddfx.interop.node at the binary.");
        }
        String version = output(List.of(node.toString(), "--version"), workDir.getParent()).trim();
        Matcher m = VERSION.matcher(version);
        if (!m.matches()) {
            throw new IllegalStateException(node + " --version printed '" + version + "', not a Node.js version");
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        if (major < 18) {
            throw new IllegalStateException("Node.js " + version + " at " + node + " is too old: the official client"
                    + " and its 'ws' stand-in need Node 18 or later");
        }
        // Node 22+ has a global WebSocket; Node 20.10+ and 21 have it behind --experimental-websocket; older Node
        // has none, and interop.mjs then falls back to the 'ws' package.
        List<String> flags = major >= 22 || !(major == 21 || major == 20 && minor >= 10)
                ? List.of() : List.of("--experimental-websocket");
        String forced = System.getProperty("dfx.interop.nodeFlags");
        if (forced != null) {
            // e.g. -Ddfx.interop.nodeFlags= (empty) runs Node 20 without its WebSocket, so the 'ws' stand-in is tested
            flags = forced.isBlank() ? List.of() : List.of(forced.trim().split("\\s+"));
        }

        Files.createDirectories(workDir);
        for (String f : FILES) {
            Files.copy(sources.resolve(f), workDir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        String wanted = digest(workDir.resolve("package.json"), workDir.resolve("package-lock.json"));
        Path stamp = workDir.resolve("node_modules").resolve(STAMP);
        boolean current = Files.isRegularFile(stamp)
                && Files.readString(stamp, StandardCharsets.US_ASCII).trim().equals(wanted);
        if (!current) {
            Path npm = executable("dfx.interop.npm", "npm");
            if (npm == null) {
                throw new IllegalStateException("npm is not installed (no 'npm' on PATH=" + System.getenv("PATH")
                        + "); it installs the official client from package-lock.json (Debian: apt-get install -y"
                        + " npm)");
            }
            Path log = workDir.resolve("npm-ci.log");
            int exit = exec(List.of(npm.toString(), "ci", "--no-audit", "--no-fund"), workDir, Duration.ofMinutes(10),
                    log, log);
            if (exit != 0) {
                throw new IllegalStateException("npm ci in " + workDir + " failed with exit code " + exit + ":\n"
                        + tail(Files.readString(log, StandardCharsets.UTF_8), 4000));
            }
            Files.writeString(stamp, wanted + "\n", StandardCharsets.US_ASCII);
        }
        Path manifest = workDir.resolve("node_modules").resolve(CLIENT_PACKAGE).resolve("package.json");
        Object installed = parse(Files.readString(manifest, StandardCharsets.UTF_8)).get("version");
        if (!CLIENT_VERSION.equals(installed)) {
            throw new IllegalStateException(CLIENT_PACKAGE + " " + installed + " is installed in " + workDir
                    + ", not the pinned " + CLIENT_VERSION + "; delete that folder and run again");
        }
        return new NodeClient(node, flags, version, workDir);
    }

    /** @return e.g. {@code v20.20.2 --experimental-websocket} */
    String describe() {
        return "node " + nodeVersion + (nodeFlags.isEmpty() ? "" : " " + String.join(" ", nodeFlags));
    }

    /**
     * Runs the client once, in its own Node process, and waits for it to end.
     *
     * @param uri the server's {@code ws://127.0.0.1:<port>/}
     * @param token the token the client logs in with
     * @param plan the steps after the login, as {@code interop.mjs} describes them
     * @param timeout how long the process may take before it is killed
     * @return what the client printed
     */
    ClientRun run(URI uri, String token, List<Map<String, Object>> plan, Duration timeout)
            throws IOException, InterruptedException {
        String planJson = StandardCharsets.US_ASCII.decode(CODEC.encode(Map.of("steps", plan), 0)).toString();
        int n = runs.incrementAndGet();
        Path out = workDir.resolve("run-" + n + ".stdout.jsonl");
        Path err = workDir.resolve("run-" + n + ".stderr.txt");
        List<String> command = new ArrayList<>();
        command.add(node.toString());
        command.addAll(nodeFlags);
        command.add("interop.mjs");
        command.add(uri.toString());
        command.add(token);
        command.add(planJson);
        int exit = exec(command, workDir, timeout, out, err);
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        List<Map<String, Object>> events = new ArrayList<>();
        for (String line : stdout.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                events.add(parse(line));
            } catch (RuntimeException e) {
                events.add(Map.of("event", "unparsed", "line", line));
            }
        }
        return new ClientRun(exit, events, stdout, stderr, planJson);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(String json) {
        return CODEC.decode(ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)), Map.class);
    }

    /** @return the process's exit code, or -1 if it was killed after {@code timeout} */
    private static int exec(List<String> command, Path dir, Duration timeout, Path stdout, Path stderr)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        if (stdout.equals(stderr)) {
            pb.redirectErrorStream(true).redirectOutput(stdout.toFile());
        } else {
            pb.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        }
        Process p = pb.start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            return -1;
        }
        return p.exitValue();
    }

    private static String output(List<String> command, Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path out = Files.createTempFile(dir, "node-version", ".txt");
        try {
            int exit = exec(command, dir, Duration.ofSeconds(30), out, out);
            String text = Files.readString(out, StandardCharsets.UTF_8);
            if (exit != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (" + exit + "): " + text);
            }
            return text;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** @return the file named by the system property, else the first of {@code names} found on PATH, else null */
    private static Path executable(String property, String... names) {
        String configured = System.getProperty(property);
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured);
            return Files.isExecutable(p) ? p : null;
        }
        String path = Objects.requireNonNullElse(System.getenv("PATH"), "");
        for (String name : names) {
            for (String dir : path.split(File.pathSeparator)) {
                if (dir.isEmpty()) {
                    continue;
                }
                Path p = Path.of(dir, name);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return null;
    }

    private static String digest(Path... files) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path f : files) {
                sha.update(Files.readAllBytes(f));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256", e);
        }
    }

    static String tail(String text, int max) {
        return text.length() <= max ? text : "..." + text.substring(text.length() - max);
    }
}
