package dev.dfx.core.auth;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The DFX clusters and their WebSocket endpoints (docs/protocol.md §1.1). {@link #GLOBAL} is geo-routed by DNS; the
 * others name one cluster (the id a token's {@code Region} claim carries, e.g. {@code na-east}). A client configured
 * with no URI connects to the cluster of its token's {@code Region}, else to {@link #GLOBAL}.
 */
public enum DfxRegion {
    /** {@code wss://api.deepaffex.ai}, geo-routed (§1.1 [D][JS][PY]). */
    GLOBAL("global", "wss://api.deepaffex.ai"),
    /** N. Virginia, {@code wss://api.na-east.deepaffex.ai}. */
    NA_EAST("na-east", "wss://api.na-east.deepaffex.ai"),
    /** Frankfurt, {@code wss://api.eu-central.deepaffex.ai} (host pattern [INF]). */
    EU_CENTRAL("eu-central", "wss://api.eu-central.deepaffex.ai"),
    /** São Paulo, {@code wss://api.sa-east.deepaffex.ai} (host pattern [INF]). */
    SA_EAST("sa-east", "wss://api.sa-east.deepaffex.ai"),
    /** Tokyo, {@code wss://api.as-east.deepaffex.ai}. */
    AS_EAST("as-east", "wss://api.as-east.deepaffex.ai"),
    /** Hong Kong (direct URL only), {@code wss://api.as-hk.deepaffex.ai} (host pattern [INF]). */
    AS_HK("as-hk", "wss://api.as-hk.deepaffex.ai"),
    /** China, isolated deployment, {@code wss://api.deepaffex.cn} ([JS] docs). */
    CN_NORTH("cn-north", "wss://api.deepaffex.cn");

    private final String id;
    private final URI uri;

    DfxRegion(String id, String uri) {
        this.id = id;
        this.uri = URI.create(uri);
    }

    /** @return the cluster id as in a token's {@code Region} claim, e.g. {@code na-east}; {@code global} for GLOBAL */
    public String id() {
        return id;
    }

    /** @return the WebSocket endpoint (path {@code /}, port 443) */
    public URI uri() {
        return uri;
    }

    /**
     * @param id a cluster id such as {@code na-east} (case-insensitive; {@code _} read as {@code -})
     * @return the region, or empty if the id names none of the presets
     * @throws NullPointerException if id is null
     */
    public static Optional<DfxRegion> fromId(String id) {
        Objects.requireNonNull(id, "id");
        String norm = id.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (DfxRegion r : values()) {
            if (r.id.equals(norm)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
