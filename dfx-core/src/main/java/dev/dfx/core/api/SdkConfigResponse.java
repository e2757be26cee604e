package dev.dfx.core.api;

import dev.dfx.core.error.DfxProtocolException;
import dev.dfx.core.internal.Tree;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Answer to {@code 0806}: {@code {ConfigFile (base64), MD5Hash}} with status 200, or status 304 when the caller's
 * hash is current (docs/protocol.md §3.3, §6.2), which reads as {@link #notModified()} with no file.
 * {@link #toString()} shows the file's size, not its bytes.
 *
 * @param notModified true for a 304 answer
 * @param configFile the decoded {@code ConfigFile} bytes, or null for a 304 (copied in and out)
 * @param md5Hash {@code MD5Hash}; empty if absent
 */
public record SdkConfigResponse(boolean notModified, byte[] configFile, String md5Hash) {
    /** Copies. */
    public SdkConfigResponse {
        configFile = configFile == null ? null : configFile.clone();
        md5Hash = md5Hash == null ? "" : md5Hash;
    }

    /** @return a copy of the config file, if the server sent one */
    @Override
    public byte[] configFile() {
        return configFile == null ? null : configFile.clone();
    }

    /** @return the config file, if the server sent one */
    public Optional<byte[]> file() {
        return Optional.ofNullable(configFile());
    }

    /**
     * @param status the answer's status (200 or 304)
     * @param body the decoded body (ignored for 304)
     * @return the response
     * @throws DfxProtocolException if a 200 body lacks a valid base64 {@code ConfigFile}
     */
    public static SdkConfigResponse fromBody(int status, Object body) {
        String w = "SdkConfigResponse";
        if (status == 304) {
            String hash = body instanceof Map ? Tree.str(Tree.object(body, w), "MD5Hash", w) : null;
            return new SdkConfigResponse(true, null, hash);
        }
        Map<String, Object> m = Tree.object(body, w);
        String file = Tree.reqStr(m, "ConfigFile", w);
        try {
            return new SdkConfigResponse(false, Base64.getMimeDecoder().decode(file), Tree.str(m, "MD5Hash", w));
        } catch (IllegalArgumentException e) {
            throw new DfxProtocolException("cannot decode " + w + ": ConfigFile is not base64");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SdkConfigResponse && ((SdkConfigResponse) o).notModified == notModified
                && Arrays.equals(((SdkConfigResponse) o).configFile, configFile)
                && ((SdkConfigResponse) o).md5Hash.equals(md5Hash);
    }

    @Override
    public int hashCode() {
        return Boolean.hashCode(notModified) * 31 * 31 + Arrays.hashCode(configFile) * 31 + md5Hash.hashCode();
    }

    @Override
    public String toString() {
        return "SdkConfigResponse[notModified=" + notModified + ", configFileBytes="
                + (configFile == null ? "none" : configFile.length) + ", md5Hash=" + md5Hash + "]";
    }
}
