package dev.dfx.core.api;

import dev.dfx.core.auth.TokenPair;
import dev.dfx.core.internal.Tree;
import java.util.Map;
import java.util.Objects;

/**
 * Answer to {@code 0705}: {@code {Token, RefreshToken, DeviceID, RoleID, UserID}} (docs/protocol.md §3.3).
 * {@link #toString()} hides the tokens.
 *
 * @param tokens the device token and its refresh token
 * @param deviceId {@code DeviceID}, or empty
 * @param roleId {@code RoleID}, or empty
 * @param userId {@code UserID}, or empty
 */
public record RegisterLicenseResponse(TokenPair tokens, String deviceId, String roleId, String userId) {
    /** Normalises absent ids to empty. */
    public RegisterLicenseResponse {
        Objects.requireNonNull(tokens, "tokens");
        deviceId = deviceId == null ? "" : deviceId;
        roleId = roleId == null ? "" : roleId;
        userId = userId == null ? "" : userId;
    }

    /**
     * @param body the decoded body
     * @return the response
     * @throws dev.dfx.core.error.DfxProtocolException if {@code Token} is missing or a field has the wrong type
     */
    public static RegisterLicenseResponse fromBody(Object body) {
        String w = "RegisterLicenseResponse";
        Map<String, Object> m = Tree.object(body, w);
        return new RegisterLicenseResponse(ApiBodies.tokens(m, w), Tree.str(m, "DeviceID", w),
                Tree.str(m, "RoleID", w), Tree.str(m, "UserID", w));
    }
}
