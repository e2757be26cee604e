package dev.dfx.testkit.server.internal;

import dev.dfx.core.port.BodyCodec;
import dev.dfx.testkit.server.LicenseStatus;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The fake server's accounts: licence keys, users, the tokens it mints and the refresh tokens it hands out
 * (PROTOCOL.md §1.3, §3.3). Tokens are JWT-shaped ({@code header.payload.signature}, base64url without padding,
 * HS256 with a per-server random key); refresh tokens are opaque (64 hex digits) and single-use. Every decision is
 * made on the server's clock. Thread-safe (every method is synchronized). Nothing here is ever logged.
 */
final class Accounts {
    /** The {@code iss} claim of minted tokens. */
    static final String ISSUER = "urn:fake-dfx";
    private static final String HEADER = b64(("{\"alg\":\"HS256\",\"typ\":\"JWT\"}").getBytes(StandardCharsets.US_ASCII));

    /**
     * A token the server accepts, and what it stands for.
     *
     * @param token the token
     * @param expires when it stops being valid, or null for a static token ({@code Builder#tokens}) that never does
     * @param claims its claims (for a static token, a synthetic set without {@code exp})
     * @param deviceId the device it was registered for, or null
     * @param roleId the role
     */
    record Login(String token, Instant expires, Map<String, Object> claims, String deviceId, String roleId) {
        boolean expiredAt(Instant now) {
            return expires != null && !now.isBefore(expires);
        }

        @Override
        public String toString() {
            return "Login[token=<hidden>, expires=" + expires + ", device=" + deviceId + "]";
        }
    }

    /** A freshly minted pair. */
    record Pair(Login login, String refreshToken) {
        @Override
        public String toString() {
            return "Pair[" + login + ", refreshToken=<hidden>]";
        }
    }

    /** What a refresh token renews. */
    private static final class Refresh {
        final String token;
        final Instant expires;
        final String type;
        final String id;
        final String deviceId;
        final String roleId;
        final long ttlSeconds;
        boolean spent;

        Refresh(String token, Instant expires, String type, String id, String deviceId, String roleId,
                long ttlSeconds) {
            this.token = token;
            this.expires = expires;
            this.type = type;
            this.id = id;
            this.deviceId = deviceId;
            this.roleId = roleId;
            this.ttlSeconds = ttlSeconds;
        }
    }

    private final AccountSettings settings;
    private final Set<String> staticTokens;
    private final InstantSource clock;
    private final BodyCodec codec;
    private final SecureRandom random = new SecureRandom();
    private final byte[] key = new byte[32];
    private final String organizationId = UUID.randomUUID().toString();
    private final Map<String, Login> issued = new HashMap<>();
    private final Map<String, Refresh> refreshes = new HashMap<>();
    /** Registered device id → its licence key; removed by 0706. */
    private final Map<String, String> devices = new LinkedHashMap<>();
    private final Map<String, Integer> registrations = new HashMap<>();
    private long sessionGen;

    Accounts(AccountSettings settings, Set<String> staticTokens, InstantSource clock, BodyCodec codec) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.staticTokens = Set.copyOf(staticTokens);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.codec = Objects.requireNonNull(codec, "codec");
        random.nextBytes(key);
    }

    AccountSettings settings() {
        return settings;
    }

    String organizationId() {
        return organizationId;
    }

    /**
     * Checks a token for {@code 0718}, a header or {@code 0107}.
     *
     * @return the login it stands for
     * @throws Refusal {@code 401 INVALID_TOKEN} for an unknown token or one of an unregistered device;
     *     {@code 401 TOKEN_EXPIRED} for one past its {@code exp}
     */
    synchronized Login check(String token) {
        if (token == null) {
            throw new Refusal(401, "INVALID_TOKEN", "the token is not valid");
        }
        if (staticTokens.contains(token)) {
            return staticLogin(token);
        }
        Login l = issued.get(token);
        if (l == null || revoked(l)) {
            throw new Refusal(401, "INVALID_TOKEN", "the token is not valid");
        }
        if (l.expiredAt(clock.instant())) {
            throw new Refusal(401, "TOKEN_EXPIRED", "the token has expired: renew it with 2304 and log in again");
        }
        return l;
    }

    /** @return true if the login's device was unregistered since (0706) */
    synchronized boolean revoked(Login l) {
        return l.deviceId() != null && !devices.containsKey(l.deviceId());
    }

    private Login staticLogin(String token) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("OrganizationID", organizationId);
        claims.put("ID", "static-token");
        claims.put("Type", "Device");
        claims.put("Region", settings.region());
        claims.put("iss", ISSUER);
        return new Login(token, null, claims, null, "DEVICE");
    }

    /**
     * {@code 0705} Organizations.RegisterLicense.
     *
     * @throws Refusal {@code 400 INVALID_REQUEST} for a missing field; {@code 404 INVALID_LICENSE} for an unknown
     *     key; {@code 403 LICENSE_EXPIRED} or {@code 403 INACTIVE_LICENSE} for a licence in that state
     */
    synchronized Map<String, Object> register(Map<?, ?> body, java.util.function.Consumer<Login> loggedIn) {
        String licenseKey = requiredString(body, "Key");
        for (String field : new String[] {"DeviceTypeID", "Name", "Identifier", "Version"}) {
            Object v = body.get(field);
            if (v == null || (v instanceof String && ((String) v).isBlank()) || v instanceof Map) {
                throw new Refusal(400, "INVALID_REQUEST", field + " is required");
            }
        }
        long ttl = ttlSeconds(body);
        LicenseStatus status = settings.licenses().get(licenseKey);
        if (status == null) {
            throw new Refusal(404, "INVALID_LICENSE", "no such licence key: check the key you were given");
        }
        if (status == LicenseStatus.EXPIRED) {
            throw new Refusal(403, "LICENSE_EXPIRED", "the licence has expired: renew it or use another key");
        }
        if (status == LicenseStatus.INACTIVE) {
            throw new Refusal(403, "INACTIVE_LICENSE", "the licence is not active: activate it or use another key");
        }
        String deviceId = UUID.randomUUID().toString();
        devices.put(deviceId, licenseKey);
        registrations.merge(licenseKey, 1, Integer::sum);
        Pair p = mint("Device", deviceId, deviceId, "DEVICE", ttl);
        loggedIn.accept(p.login());
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("Token", p.login().token());
        reply.put("RefreshToken", p.refreshToken());
        reply.put("DeviceID", deviceId);
        reply.put("RoleID", "DEVICE");
        reply.put("UserID", UUID.nameUUIDFromBytes(("licence-user:" + licenseKey).getBytes(StandardCharsets.UTF_8))
                .toString());
        return reply;
    }

    /** @return how many times the licence key was registered */
    synchronized int registrations(String licenseKey) {
        return registrations.getOrDefault(licenseKey, 0);
    }

    /**
     * {@code 0706} Organizations.UnregisterLicense: frees the device of the socket's token; its tokens stop working.
     *
     * @throws Refusal {@code 403 RESTRICTED_ACCESS} unless the socket is logged in with a registered device's token
     */
    synchronized void unregister(Login login) {
        if (login.deviceId() == null || devices.remove(login.deviceId()) == null) {
            throw new Refusal(403, "RESTRICTED_ACCESS", "only a registered device can unregister itself");
        }
    }

    /**
     * {@code 0201} Users.Login.
     *
     * @throws Refusal {@code 400 INVALID_REQUEST} for a missing field; {@code 401 INVALID_CREDENTIALS} for an unknown
     *     e-mail or a wrong password; {@code 401 MFA_REQUIRED} or {@code 401 INVALID_MFA_TOKEN} for a user with MFA
     */
    synchronized Map<String, Object> login(Map<?, ?> body, java.util.function.Consumer<Login> loggedIn) {
        String email = requiredString(body, "Email");
        String password = requiredString(body, "Password");
        AccountSettings.User user = settings.users().get(email);
        if (user == null || !user.password().equals(password)) {
            throw new Refusal(401, "INVALID_CREDENTIALS", "wrong e-mail or password");
        }
        if (user.mfaToken() != null) {
            Object mfa = body.get("MFAToken");
            if (mfa == null || "".equals(mfa)) {
                throw new Refusal(401, "MFA_REQUIRED", "this user needs an MFAToken");
            }
            if (!user.mfaToken().equals(mfa.toString())) {
                throw new Refusal(401, "INVALID_MFA_TOKEN", "the MFAToken is not valid");
            }
        }
        String userId = UUID.nameUUIDFromBytes(("user:" + email).getBytes(StandardCharsets.UTF_8)).toString();
        Pair p = mint("User", userId, null, "USER", settings.tokenTtl().toSeconds());
        loggedIn.accept(p.login());
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("Token", p.login().token());
        reply.put("RefreshToken", p.refreshToken());
        return reply;
    }

    /**
     * {@code 2304} Auths.Renew: a new pair for the same identity and lifetime; the old refresh token is spent, the old
     * token stays valid until its own {@code exp}.
     *
     * @throws Refusal {@code 400 INVALID_REQUEST} for a missing field; {@code 401 INVALID_TOKEN} for an unknown or
     *     spent refresh token, one issued with another token, or one of an unregistered device; {@code 401
     *     TOKEN_EXPIRED} for a refresh token past its own lifetime
     */
    synchronized Map<String, Object> renew(Map<?, ?> body) {
        String token = requiredString(body, "Token");
        String refreshToken = requiredString(body, "RefreshToken");
        Refresh r = refreshes.get(refreshToken);
        if (r == null) {
            throw new Refusal(401, "INVALID_TOKEN", "the refresh token is not valid");
        }
        if (r.spent) {
            throw new Refusal(401, "INVALID_TOKEN", "the refresh token was already used: log in or register again");
        }
        if (!r.token.equals(token)) {
            throw new Refusal(401, "INVALID_TOKEN", "the refresh token was not issued with this token");
        }
        if (r.deviceId != null && !devices.containsKey(r.deviceId)) {
            throw new Refusal(401, "INVALID_TOKEN", "the device was unregistered");
        }
        if (!clock.instant().isBefore(r.expires)) {
            throw new Refusal(401, "TOKEN_EXPIRED", "the refresh token has expired: log in or register again");
        }
        r.spent = true;
        Pair p = mint(r.type, r.id, r.deviceId, r.roleId, r.ttlSeconds);
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("Token", p.login().token());
        reply.put("RefreshToken", p.refreshToken());
        return reply;
    }

    /** {@code 0107} General.VerifyToken: the token's claims plus {@code ActiveLicense} and {@code RoleID}. */
    synchronized Map<String, Object> verify(Login login) {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("ActiveLicense", login.deviceId() == null || devices.containsKey(login.deviceId()));
        reply.put("RoleID", login.roleId());
        reply.putAll(login.claims());
        return reply;
    }

    private long ttlSeconds(Map<?, ?> body) {
        long max = settings.tokenTtl().toSeconds();
        BigDecimal requested = Bodies.number(body, "TokenExpiresIn");
        if (requested == null) {
            return max;
        }
        if (requested.signum() <= 0) {
            throw new Refusal(400, "INVALID_REQUEST", "TokenExpiresIn must be a positive number of seconds");
        }
        return Math.min(max, Math.max(1, requested.min(BigDecimal.valueOf(Long.MAX_VALUE / 4)).longValue()));
    }

    private Pair mint(String type, String id, String deviceId, String roleId, long ttlSeconds) {
        Instant now = clock.instant();
        long iat = now.getEpochSecond();
        Instant expires = Instant.ofEpochSecond(iat).plus(Duration.ofSeconds(ttlSeconds));
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("OrganizationID", organizationId);
        claims.put("ID", id);
        claims.put("Type", type);
        if (deviceId != null) {
            claims.put("DeviceID", deviceId);
        }
        claims.put("SessionGen", ++sessionGen);
        claims.put("Region", settings.region());
        claims.put("exp", expires.getEpochSecond());
        claims.put("iat", iat);
        claims.put("iss", ISSUER);
        ByteBuffer json = codec.encode(claims, 0);
        byte[] jsonBytes = new byte[json.remaining()];
        json.get(jsonBytes);
        String signingInput = HEADER + "." + b64(jsonBytes);
        String token = signingInput + "." + b64(sign(signingInput));
        Login login = new Login(token, expires, Map.copyOf(claims), deviceId, roleId);
        issued.put(token, login);
        byte[] r = new byte[32];
        random.nextBytes(r);
        String refreshToken = HexFormat.of().formatHex(r);
        refreshes.put(refreshToken, new Refresh(token, now.plus(settings.refreshTokenTtl()), type, id, deviceId,
                roleId, ttlSeconds));
        return new Pair(login, refreshToken);
    }

    private byte[] sign(String input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String requiredString(Map<?, ?> body, String name) {
        Object v = body.get(name);
        if (!(v instanceof String) || ((String) v).isEmpty()) {
            throw new Refusal(400, "INVALID_REQUEST", name + " is required");
        }
        return (String) v;
    }
}
