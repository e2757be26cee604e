package dev.dfx.core.api;

import dev.dfx.core.internal.Tree;
import java.time.Instant;
import java.util.Map;

/**
 * Answer to {@code 0107} General.VerifyToken (docs/protocol.md §3.3): the server's view of the token,
 * {@code {ActiveLicense, DeviceID, ID, OrganizationID, Region, RoleID, Type, exp, iat, iss, …}}. Every field may be
 * missing: a missing string is empty, a missing flag or time is null.
 *
 * @param activeLicense {@code ActiveLicense}, or null
 * @param deviceId {@code DeviceID}
 * @param id {@code ID}
 * @param organizationId {@code OrganizationID}
 * @param region {@code Region}
 * @param roleId {@code RoleID}
 * @param type {@code Type} (e.g. {@code Device}, {@code User})
 * @param expiresAt {@code exp}, or null
 * @param issuedAt {@code iat}, or null
 * @param issuer {@code iss}
 */
public record VerifyTokenResponse(Boolean activeLicense, String deviceId, String id, String organizationId,
                                  String region, String roleId, String type, Instant expiresAt, Instant issuedAt,
                                  String issuer) {
    /** Normalises absent strings to empty. */
    public VerifyTokenResponse {
        deviceId = deviceId == null ? "" : deviceId;
        id = id == null ? "" : id;
        organizationId = organizationId == null ? "" : organizationId;
        region = region == null ? "" : region;
        roleId = roleId == null ? "" : roleId;
        type = type == null ? "" : type;
        issuer = issuer == null ? "" : issuer;
    }

    /**
     * @param body the decoded body
     * @return the response
     * @throws dev.dfx.core.error.DfxProtocolException if it is not an object or a field has the wrong type
     */
    public static VerifyTokenResponse fromBody(Object body) {
        String w = "VerifyTokenResponse";
        Map<String, Object> m = Tree.object(body, w);
        return new VerifyTokenResponse(Tree.bool(m, "ActiveLicense", w), Tree.str(m, "DeviceID", w),
                Tree.str(m, "ID", w), Tree.str(m, "OrganizationID", w), Tree.str(m, "Region", w),
                Tree.str(m, "RoleID", w), Tree.str(m, "Type", w), Tree.epoch(m, "exp", w), Tree.epoch(m, "iat", w),
                Tree.str(m, "iss", w));
    }
}
