package dev.dfx.core.auth;

import dev.dfx.core.internal.MiniJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link TokenStore} in one small JSON file, {@code {"Token":"…","RefreshToken":"…"}}.
 *
 * <p><b>Writes are atomic:</b> the pair goes to a temporary file in the same directory, created owner-only
 * ({@code rw-------} on POSIX file systems) and flushed to disk, which then replaces the file with an atomic move;
 * a reader (or a crash) sees the old pair or the new one, never half of one. Missing parent directories are created
 * owner-only ({@code rwx------}). On a file system without POSIX permissions the file gets the platform default.
 *
 * <p><b>Reads are strict:</b> the file must be one JSON object whose {@code Token} is a non-blank string
 * ({@code RefreshToken} optional); anything else fails with an {@link UncheckedIOException} that names the file,
 * never its content. A missing file is an empty store. The JSON is read with dfx-core's own small strict reader
 * rather than a {@link dev.dfx.core.port.BodyCodec}: the store lives in core (java.base only), the file holds two
 * strings that only this class writes, and a store should not depend on which codec the client was built with.
 *
 * <p>Thread-safe (methods are synchronized; two processes sharing a file each see whole pairs, last writer wins).
 * {@link #toString()} shows the path, never a token.
 */
public final class FileTokenStore implements TokenStore {
    private static final Set<PosixFilePermission> OWNER_RW = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_RWX = PosixFilePermissions.fromString("rwx------");

    private final Path file;

    private FileTokenStore(Path file) {
        this.file = file;
    }

    /**
     * @param file the file; need not exist yet
     * @return a store on it
     * @throws NullPointerException if file is null
     */
    public static FileTokenStore of(Path file) {
        return new FileTokenStore(Objects.requireNonNull(file, "file").toAbsolutePath());
    }

    /** @return {@code ~/.dfx/tokens.json} in the user's home directory */
    public static Path defaultPath() {
        return Path.of(System.getProperty("user.home"), ".dfx", "tokens.json");
    }

    /** @return the file this store uses (absolute) */
    public Path path() {
        return file;
    }

    @Override
    public synchronized Optional<TokenPair> load() {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the token file " + file, e);
        }
        try {
            Object tree = MiniJson.parse(text);
            if (!(tree instanceof Map)) {
                throw new IllegalArgumentException("not a JSON object");
            }
            Map<?, ?> m = (Map<?, ?>) tree;
            Object token = m.get("Token");
            Object refresh = m.get("RefreshToken");
            if (!(token instanceof String) || (refresh != null && !(refresh instanceof String))) {
                throw new IllegalArgumentException("Token must be a string, RefreshToken a string or absent");
            }
            return Optional.of(new TokenPair((String) token, (String) refresh));
        } catch (IllegalArgumentException e) {
            // no cause: keep any fragment of the file out of the chain
            throw new UncheckedIOException("the token file " + file + " is not a token pair (" + e.getMessage()
                    + "); delete it to register or log in again", new IOException("malformed token file"));
        }
    }

    @Override
    public synchronized void save(TokenPair pair) {
        Objects.requireNonNull(pair, "pair");
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Token", pair.token());
        fields.put("RefreshToken", pair.refreshToken());
        byte[] bytes = (MiniJson.writeFlat(fields) + "\n").getBytes(StandardCharsets.US_ASCII);
        Path dir = file.getParent();
        Path tmp = null;
        try {
            if (dir != null && !Files.isDirectory(dir)) {
                createDirectories(dir);
            }
            tmp = createTemp(dir);
            try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                var buf = java.nio.ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the token file " + file, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the temporary file holds no more than the file would have
                }
            }
        }
    }

    @Override
    public synchronized void clear() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the token file " + file, e);
        }
    }

    private static boolean posix(Path p) {
        return p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static void createDirectories(Path dir) throws IOException {
        if (posix(dir)) {
            try {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_RWX));
            } catch (FileAlreadyExistsException e) {
                // a file, not a directory: let the temp file creation report it
            }
        } else {
            Files.createDirectories(dir);
        }
    }

    private Path createTemp(Path dir) throws IOException {
        Path where = dir != null ? dir : Path.of(".");
        String prefix = "." + file.getFileName() + ".";
        if (posix(where)) {
            FileAttribute<Set<PosixFilePermission>> attr = PosixFilePermissions.asFileAttribute(OWNER_RW);
            return Files.createTempFile(where, prefix, ".tmp", attr);
        }
        return Files.createTempFile(where, prefix, ".tmp");
    }

    @Override
    public String toString() {
        return "FileTokenStore[" + file + "]";
    }
}
