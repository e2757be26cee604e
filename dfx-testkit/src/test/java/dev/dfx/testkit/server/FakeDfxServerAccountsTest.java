package dev.dfx.testkit.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dfx.core.frame.ResponseFrame;
import dev.dfx.testkit.FakeDfxServer;
import dev.dfx.testkit.server.WireClient.Wire;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 11, the fake server's side: licences, users, minted tokens, refresh tokens, in-session expiry and the login
 * rules of docs/protocol.md §1.3 (A, B, C) and §8 Q1, Q2, Q13, each checked in memory and over a real loopback socket.
 */
class FakeDfxServerAccountsTest extends WireFixture {
    static final String KEY = "LIC-0001-secret";
    static final JsonMapper JSON = JsonMapper.builder().build();

    WireClient start(Wire wire, Consumer<FakeDfxServer.Builder> config) {
        return startWire(wire, config);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> body(ResponseFrame f) {
        return JSON.readValue(StandardCharsets.UTF_8.decode(f.body()).toString(), Map.class);
    }

    static String register(String key) {
        return "{\"Key\":\"" + key + "\",\"DeviceTypeID\":\"LINUX\",\"Name\":\"bench\",\"Identifier\":\"id-1\","
                + "\"Version\":\"1.0\"}";
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> claims(String token) {
        String[] parts = token.split("\\.");
        assertThat(parts).hasSize(3);
        return JSON.readValue(Base64.getUrlDecoder().decode(parts[1]), Map.class);
    }

    static void assertError(ResponseFrame r, int status, String code) {
        assertThat(r.status()).as("status of %s", body(r)).isEqualTo(status);
        assertThat(body(r).get("Code")).isEqualTo(code);
        assertThat((String) body(r).get("Message")).isNotBlank().doesNotContain(KEY);
    }

    String registered(WireClient c) {
        ResponseFrame r = c.call("0705", register(KEY));
        assertThat(r.status()).as("0705: %s", body(r)).isEqualTo(200);
        return (String) body(r).get("Token");
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void register_activeLicence_onABareSocket_returnsAJwtPairAndLogsTheSocketIn(Wire wire) {
        WireClient c = start(wire, b -> b.license(KEY).tokenTtl(Duration.ofSeconds(600)).region("eu-central"));

        ResponseFrame r = c.call("0705", register(KEY));
        Map<String, Object> b = body(r);

        assertThat(r.status()).isEqualTo(200);
        assertThat(b.keySet()).containsExactly("Token", "RefreshToken", "DeviceID", "RoleID", "UserID");
        Map<String, Object> claims = claims((String) b.get("Token"));
        assertThat(claims).containsKeys("OrganizationID", "ID", "Type", "DeviceID", "SessionGen", "Region", "exp",
                "iat", "iss");
        assertThat(claims.get("Region")).isEqualTo("eu-central");
        assertThat(claims.get("DeviceID")).isEqualTo(b.get("DeviceID"));
        assertThat(claims.get("Type")).isEqualTo("Device");
        assertThat(((Number) claims.get("iat")).longValue()).isEqualTo(clock.instant().getEpochSecond());
        assertThat(((Number) claims.get("exp")).longValue() - ((Number) claims.get("iat")).longValue())
                .isEqualTo(600);
        assertThat((String) b.get("RefreshToken")).matches("[0-9a-f]{64}");
        assertThat(c.call("0100", "{}").status()).as("the socket is logged in").isEqualTo(200);
        assertThat(server.registrations(KEY)).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void register_shorterTokenExpiresIn_wins_longerIsCappedByTheServersTtl(Wire wire) {
        WireClient c = start(wire, b -> b.license(KEY).tokenTtl(Duration.ofSeconds(600)));

        String shorter = (String) body(c.call("0705", register(KEY).replace("}", ",\"TokenExpiresIn\":60}")))
                .get("Token");
        String longer = (String) body(c.call("0705", register(KEY).replace("}", ",\"TokenExpiresIn\":86400}")))
                .get("Token");

        assertThat(((Number) claims(shorter).get("exp")).longValue() - clock.instant().getEpochSecond())
                .isEqualTo(60);
        assertThat(((Number) claims(longer).get("exp")).longValue() - clock.instant().getEpochSecond())
                .isEqualTo(600);
        assertThat(server.registrations(KEY)).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void register_refusals_areTypedAndLeaveTheSocketLoggedOut(Wire wire) {
        WireClient c = start(wire, b -> b.license(KEY).license("OLD", LicenseStatus.EXPIRED)
                .license("OFF", LicenseStatus.INACTIVE));

        assertError(c.call("0705", register("NOPE")), 404, "INVALID_LICENSE");
        assertError(c.call("0705", register("OLD")), 403, "LICENSE_EXPIRED");
        assertError(c.call("0705", register("OFF")), 403, "INACTIVE_LICENSE");
        assertError(c.call("0705", "{\"DeviceTypeID\":\"LINUX\"}"), 400, "INVALID_REQUEST");
        assertError(c.call("0705", register(KEY).replace("\"Name\":\"bench\",", "")), 400, "INVALID_REQUEST");
        assertError(c.call("0100", "{}"), 401, "UNAUTHORIZED");
        assertThat(server.registrations(KEY)).isZero();
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void loginWithToken_answersTheTokenBack_andAnExpiredTokenGets401TokenExpired(Wire wire) {
        WireClient c = start(wire, b -> b.license(KEY).tokenTtl(Duration.ofSeconds(60)));
        String token = registered(c);
        WireClient other = WireClient.connect(wire, server);
        try {
            ResponseFrame ok = other.call("0718", "{\"Token\":\"" + token + "\"}");
            clock.advance(Duration.ofSeconds(60));
            ResponseFrame late = other.call("0718", "{\"Token\":\"" + token + "\"}");
            ResponseFrame forged = other.call("0718", "{\"Token\":\"" + token.substring(0, token.length() - 2)
                    + "xx\"}");

            assertThat(ok.status()).isEqualTo(200);
            assertThat(body(ok)).isEqualTo(Map.of("Token", token));
            assertError(late, 401, "TOKEN_EXPIRED");
            assertError(forged, 401, "INVALID_TOKEN");
        } finally {
            other.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void usersLogin_returnsAPairAndLogsIn_refusalsAreTyped(Wire wire) {
        WireClient c = start(wire, b -> b.user("ann@example.com", "pw-1").user("bob@example.com", "pw-2", "123456"));

        assertError(c.call("0201", "{\"Email\":\"ann@example.com\",\"Password\":\"wrong\"}"), 401,
                "INVALID_CREDENTIALS");
        assertError(c.call("0201", "{\"Email\":\"who@example.com\",\"Password\":\"pw-1\"}"), 401,
                "INVALID_CREDENTIALS");
        assertError(c.call("0201", "{\"Email\":\"bob@example.com\",\"Password\":\"pw-2\"}"), 401, "MFA_REQUIRED");
        assertError(c.call("0201", "{\"Email\":\"bob@example.com\",\"Password\":\"pw-2\",\"MFAToken\":\"000000\"}"),
                401, "INVALID_MFA_TOKEN");
        assertError(c.call("0201", "{\"Email\":\"ann@example.com\"}"), 400, "INVALID_REQUEST");
        assertError(c.call("0100", "{}"), 401, "UNAUTHORIZED");
        ResponseFrame bob = c.call("0201",
                "{\"Email\":\"bob@example.com\",\"Password\":\"pw-2\",\"MFAToken\":\"123456\"}");
        ResponseFrame ann = c.call("0201", "{\"Email\":\"ann@example.com\",\"Password\":\"pw-1\"}");

        assertThat(bob.status()).isEqualTo(200);
        assertThat(ann.status()).isEqualTo(200);
        assertThat(body(ann).keySet()).containsExactly("Token", "RefreshToken");
        assertThat(claims((String) body(ann).get("Token")).get("Type")).isEqualTo("User");
        assertThat(c.call("0100", "{}").status()).isEqualTo(200);
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void renew_givesANewPair_spendsTheOldRefreshToken_andRefusesBadOnes(Wire wire) {
        WireClient c = start(wire, b -> b.license(KEY).refreshTokenTtl(Duration.ofSeconds(3600)));
        Map<String, Object> first = body(c.call("0705", register(KEY)));
        String renew = "{\"Token\":\"" + first.get("Token") + "\",\"RefreshToken\":\"" + first.get("RefreshToken")
                + "\"}";
        clock.advance(Duration.ofSeconds(1));
        WireClient bare = WireClient.connect(wire, server);
        try {
            ResponseFrame r = bare.call("2304", renew);
            ResponseFrame again = bare.call("2304", renew);

            assertThat(r.status()).as("answered before a login (§1.3 C)").isEqualTo(200);
            Map<String, Object> second = body(r);
            assertThat(second.keySet()).containsExactly("Token", "RefreshToken");
            assertThat(second.get("Token")).isNotEqualTo(first.get("Token"));
            assertThat(second.get("RefreshToken")).isNotEqualTo(first.get("RefreshToken"));
            assertThat(claims((String) second.get("Token")).get("DeviceID"))
                    .isEqualTo(claims((String) first.get("Token")).get("DeviceID"));
            assertError(again, 401, "INVALID_TOKEN");
            assertThat((String) body(again).get("Message")).contains("already used");
            assertError(bare.call("2304", "{\"Token\":\"" + second.get("Token") + "\",\"RefreshToken\":\"nope\"}"),
                    401, "INVALID_TOKEN");
            assertError(bare.call("2304", "{\"Token\":\"" + first.get("Token") + "\",\"RefreshToken\":\""
                    + second.get("RefreshToken") + "\"}"), 401, "INVALID_TOKEN");
            assertError(bare.call("2304", "{\"Token\":\"x\"}"), 400, "INVALID_REQUEST");
            assertThat(bare.call("0100", "{}").status()).as("a renewal logs nothing in").isEqualTo(401);
            clock.advance(Duration.ofSeconds(3600));
            assertError(bare.call("2304", "{\"Token\":\"" + second.get("Token") + "\",\"RefreshToken\":\""
                    + second.get("RefreshToken") + "\"}"), 401, "TOKEN_EXPIRED");
        } finally {
            bare.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void expireInSession_refusesEveryRequestButTheLoginOnesWithTokenExpired_untilAFresh0718(Wire wire) {
        WireClient c = start(wire, b -> b.license(KEY).tokenTtl(Duration.ofSeconds(60)).expireTokensInSession(true)
                .measurements("M1"));
        Map<String, Object> pair = body(c.call("0705", register(KEY)));
        assertThat(c.call("0510", "{\"Params\":{\"ID\":\"M1\"},\"RequestID\":\"\"}").status()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(59));
        assertThat(c.call("0100", "{}").status()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(1));

        assertError(c.call("0100", "{}"), 401, "TOKEN_EXPIRED");
        assertError(c.call("0506", "{\"Params\":{\"ID\":\"M1\"},\"Action\":\"FIRST::PROCESS\",\"Payload\":\"AAEC\"}"),
                401, "TOKEN_EXPIRED");
        ResponseFrame renewed = c.call("2304", "{\"Token\":\"" + pair.get("Token") + "\",\"RefreshToken\":\""
                + pair.get("RefreshToken") + "\"}");
        assertThat(renewed.status()).isEqualTo(200);
        assertError(c.call("0100", "{}"), 401, "TOKEN_EXPIRED");
        assertThat(c.call("0718", "{\"Token\":\"" + body(renewed).get("Token") + "\"}").status()).isEqualTo(200);
        assertThat(c.call("0100", "{}").status()).isEqualTo(200);
        assertThat(server.measurement("M1").orElseThrow().chunksAccepted()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void withoutInSessionExpiry_aLoggedInSocketOutlivesItsToken(Wire wire) {
        WireClient c = start(wire, b -> b.license(KEY).tokenTtl(Duration.ofSeconds(60)));
        registered(c);
        clock.advance(Duration.ofSeconds(3600));

        assertThat(c.call("0100", "{}").status()).isEqualTo(200);
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void beforeLogin_onlyTheFourLoginActionsAreAnswered_everyOtherGets401Unauthorized(Wire wire) {
        WireClient c = start(wire, b -> b.measurements("M1"));

        for (String action : List.of("0100", "0107", "0108", "0500", "0501", "0504", "0510", "0506", "0706", "0806",
                "9999")) {
            assertError(c.call(action, "{}"), 401, "UNAUTHORIZED");
        }
        for (String action : List.of("0705", "0201", "0718", "2304")) {
            ResponseFrame r = c.call(action, "{}");
            assertThat(body(r).get("Code")).as(action).isNotEqualTo("UNAUTHORIZED");
        }
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void unknownAction_gets400IncorrectRequestInvalidRouteNumber(Wire wire) {
        WireClient c = start(wire, b -> { });
        c.call("0718", "{\"Token\":\"test-token\"}");

        ResponseFrame r = c.call("9999", "{}");
        ResponseFrame listed = c.call("0200", "{}");

        assertError(r, 400, "INCORRECT_REQUEST");
        assertThat((String) body(r).get("Message")).startsWith("Invalid Route Number");
        assertError(listed, 400, "INCORRECT_REQUEST");
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void verifyToken_regions_status(Wire wire) {
        WireClient c = start(wire, b -> b.license(KEY).region("as-east"));
        String token = registered(c);

        Map<String, Object> verified = body(c.call("0107", "{}"));
        Map<String, Object> regions = body(c.call("0108", "{}"));
        Map<String, Object> status = body(c.call("0100", "{}"));

        assertThat(verified).containsEntry("ActiveLicense", true).containsEntry("RoleID", "DEVICE")
                .containsEntry("Region", "as-east").containsEntry("Type", "Device")
                .containsEntry("DeviceID", claims(token).get("DeviceID"))
                .containsKeys("ID", "OrganizationID", "exp", "iat", "iss");
        assertThat(regions.keySet()).containsExactly("na-east", "eu-central", "sa-east", "as-east", "as-hk",
                "cn-north", "cn-west");
        assertThat(status).containsEntry("Region", "as-east").containsEntry("StatusID", "ACTIVE");
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void unregister_freesTheDevice_itsTokensStopWorking_anotherTokenIsRestricted(Wire wire) {
        WireClient c = start(wire, b -> b.license(KEY));
        Map<String, Object> pair = body(c.call("0705", register(KEY)));

        ResponseFrame r = c.call("0706", "{}");

        assertThat(r.status()).isEqualTo(200);
        assertError(c.call("0100", "{}"), 401, "UNAUTHORIZED");
        assertError(c.call("0718", "{\"Token\":\"" + pair.get("Token") + "\"}"), 401, "INVALID_TOKEN");
        assertError(c.call("2304", "{\"Token\":\"" + pair.get("Token") + "\",\"RefreshToken\":\""
                + pair.get("RefreshToken") + "\"}"), 401, "INVALID_TOKEN");
        c.call("0718", "{\"Token\":\"test-token\"}");
        assertError(c.call("0706", "{}"), 403, "RESTRICTED_ACCESS");
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void bearerHeader_withAMintedToken_authenticates_untilItExpires(Wire wire) {
        WireClient c = start(wire, b -> b.license(KEY).tokenTtl(Duration.ofSeconds(60)));
        String token = registered(c);
        try (WireClient header = WireClient.connect(wire, server, token)) {
            assertThat(header.call("0100", "{}").status()).isEqualTo(200);
        }
        clock.advance(Duration.ofSeconds(60));
        try (WireClient late = WireClient.connect(wire, server, token)) {
            assertError(late.call("0100", "{}"), 401, "UNAUTHORIZED");
        }
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void recordedFrames_showEveryAction_soARestartWithAStoredTokenShowsNoSecondRegistration(Wire wire) {
        WireClient c = start(wire, b -> b.license(KEY));
        String token = registered(c);
        c.close();
        client = WireClient.connect(wire, server);

        assertThat(client.call("0718", "{\"Token\":\"" + token + "\"}").status()).isEqualTo(200);
        assertThat(client.call("0100", "{}").status()).isEqualTo(200);

        assertThat(server.receivedFrames()).extracting(f -> f.action().code())
                .containsExactly("0705", "0718", "0100");
        assertThat(server.receivedFrames()).extracting(RecordedFrame::connectionId).containsExactly(1L, 2L, 2L);
        assertThat(server.registrations(KEY)).isEqualTo(1);
        assertThat(server.receivedFrames().get(0).toString()).doesNotContain(KEY);
    }
}
