package dev.dfx.core.api;

import dev.dfx.core.internal.Tree;
import java.util.Map;

/**
 * Answer to {@code 0100} General.Status (docs/protocol.md §3.2): {@code {StatusID, Version, Region, AllowAnonymous}}.
 *
 * @param statusId {@code StatusID}: {@code ACTIVE}, {@code MAINTENANCE}, {@code ERROR} or {@code LATENCY}; empty if
 *     absent
 * @param version {@code Version}; empty if absent
 * @param region {@code Region}; empty if absent
 * @param allowAnonymous {@code AllowAnonymous}, or null
 */
public record StatusResponse(String statusId, String version, String region, Boolean allowAnonymous) {
    /** Normalises absent strings to empty. */
    public StatusResponse {
        statusId = statusId == null ? "" : statusId;
        version = version == null ? "" : version;
        region = region == null ? "" : region;
    }

    /** @return true if {@code StatusID} is {@code ACTIVE} */
    public boolean isActive() {
        return "ACTIVE".equals(statusId);
    }

    /**
     * @param body the decoded body
     * @return the response
     * @throws dev.dfx.core.error.DfxProtocolException if it is not an object or a field has the wrong type
     */
    public static StatusResponse fromBody(Object body) {
        String w = "StatusResponse";
        Map<String, Object> m = Tree.object(body, w);
        return new StatusResponse(Tree.str(m, "StatusID", w), Tree.str(m, "Version", w), Tree.str(m, "Region", w),
                Tree.bool(m, "AllowAnonymous", w));
    }
}
