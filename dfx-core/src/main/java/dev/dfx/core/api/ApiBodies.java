package dev.dfx.core.api;

import dev.dfx.core.auth.TokenPair;
import dev.dfx.core.internal.Tree;
import java.util.Map;

/** Shared decoding of this package's responses. */
final class ApiBodies {
    private ApiBodies() {
    }

    /** {@code {Token, RefreshToken?}}: a blank refresh token counts as absent. */
    static TokenPair tokens(Map<String, Object> m, String where) {
        String token = Tree.reqStr(m, "Token", where);
        String refresh = Tree.str(m, "RefreshToken", where);
        return new TokenPair(token, refresh == null || refresh.isBlank() ? null : refresh);
    }
}
