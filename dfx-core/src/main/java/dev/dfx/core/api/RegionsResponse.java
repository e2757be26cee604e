package dev.dfx.core.api;

import dev.dfx.core.internal.Tree;
import java.util.Map;

/**
 * Answer to {@code 0108} General.Regions (docs/protocol.md §3.3): a map from cluster id ({@code na-east},
 * {@code eu-central}, {@code sa-east}, {@code as-east}, {@code as-hk}, {@code cn-north}, {@code cn-west}) to a label.
 *
 * @param regions cluster id to label, in the server's order
 */
public record RegionsResponse(Map<String, String> regions) {
    /** Copies. */
    public RegionsResponse {
        regions = regions == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(regions));
    }

    /**
     * @param body the decoded body: an object (values that are not strings are kept as text)
     * @return the response
     * @throws dev.dfx.core.error.DfxProtocolException if it is not an object
     */
    public static RegionsResponse fromBody(Object body) {
        Map<String, Object> m = Tree.object(body, "RegionsResponse");
        return new RegionsResponse(Tree.strings(Map.of("R", m), "R", "RegionsResponse"));
    }
}
