package dev.dfx.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dfx.codec.json.JacksonBodyCodec;
import dev.dfx.core.ActionId;
import dev.dfx.core.DfxClient;
import dev.dfx.core.DfxClientConfig;
import dev.dfx.core.DfxMessage;
import dev.dfx.core.api.CreateMeasurementRequest;
import dev.dfx.core.api.ListMeasurementsRequest;
import dev.dfx.core.api.LoginWithTokenResponse;
import dev.dfx.core.api.MeasurementList;
import dev.dfx.core.api.MeasurementRecord;
import dev.dfx.core.api.MeasurementStatus;
import dev.dfx.core.api.RegionsResponse;
import dev.dfx.core.api.RegisterLicenseRequest;
import dev.dfx.core.api.RegisterLicenseResponse;
import dev.dfx.core.api.RenewRequest;
import dev.dfx.core.api.SdkConfigRequest;
import dev.dfx.core.api.SdkConfigResponse;
import dev.dfx.core.api.StatusResponse;
import dev.dfx.core.api.UserLoginRequest;
import dev.dfx.core.api.VerifyTokenResponse;
import dev.dfx.core.auth.Credentials;
import dev.dfx.core.auth.TokenPair;
import dev.dfx.core.auth.TokenStore;
import dev.dfx.core.error.DfxAuthenticationException;
import dev.dfx.core.error.DfxLicenseException;
import dev.dfx.core.error.DfxServerException;
import dev.dfx.core.error.DfxUnsupportedActionException;
import dev.dfx.testkit.FakeDfxServer;
import dev.dfx.testkit.memory.InMemoryTransport;
import dev.dfx.testkit.server.LicenseStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each typed action of issue 11 against the fake server, in memory: its success and each of its errors, typed
 * (docs/style.md §5).
 */
class TypedActionsTest {
    private static final String KEY = "LIC-typed-1";

    private FakeDfxServer server;
    private InMemoryTransport transport;
    private DfxClient client;
    private TokenStore store;

    @BeforeEach
    void start() throws Exception {
        server = FakeDfxServer.builder().license(KEY).license("OLD", LicenseStatus.EXPIRED)
                .license("OFF", LicenseStatus.INACTIVE).user("ann@example.com", "pw-secret")
                .user("mfa@example.com", "pw2", "123456").studies("S1").region("na-east").socket(0).build().start();
        transport = InMemoryTransport.create();
        store = TokenStore.inMemory();
        client = client(new Credentials.License(KEY, "LINUX", "t", "t-1", "1", null));
        client.connect().get(10, TimeUnit.SECONDS);
    }

    private DfxClient client(Credentials c) {
        return DfxClient.builder().transport(transport).codec(JacksonBodyCodec.create()).config(DfxClientConfig
                .builder().uri(server.uri()).credentials(c).tokenStore(store).requestTimeout(Duration.ofSeconds(5))
                .build()).build();
    }

    @AfterEach
    void stop() {
        client.close();
        transport.close();
        server.close();
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    private static Throwable error(CompletableFuture<?> f) {
        try {
            f.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("did not fail");
    }

    private static RegisterLicenseRequest register(String key) {
        return new RegisterLicenseRequest(key, "LINUX", "n", "id-" + key, "1", 600L, null);
    }

    @Test
    void registerLicense_0705_successAndEachRefusal() throws Exception {
        RegisterLicenseResponse r = get(client.organizations().registerLicense(register(KEY)));
        assertThat(r.tokens().refreshToken()).isNotNull();
        assertThat(r.deviceId()).isNotEmpty();
        assertThat(r.tokens().claims()).hasValueSatisfying(c -> assertThat(c.region()).isEqualTo("na-east"));
        assertThat(r.toString()).doesNotContain(r.tokens().token());

        assertThat(error(client.organizations().registerLicense(register("NOPE"))))
                .isInstanceOf(DfxLicenseException.class).hasMessageContaining("check the key");
        assertThat(error(client.organizations().registerLicense(register("OLD"))))
                .isInstanceOf(DfxLicenseException.class).hasMessageContaining("expired");
        assertThat(error(client.organizations().registerLicense(register("OFF"))))
                .isInstanceOf(DfxLicenseException.class).hasMessageContaining("not active");
    }

    @Test
    void loginWithToken_0718_exposesTheTokenOfTheReply_andRefusesAnUnknownOne() throws Exception {
        String token = store.load().orElseThrow().token();
        LoginWithTokenResponse r = get(client.organizations().loginWithToken(token));
        assertThat(r.reissuedToken()).contains(token);
        assertThat(r.toString()).doesNotContain(token);
        assertThat(error(client.organizations().loginWithToken("not-a-token")))
                .isInstanceOf(DfxAuthenticationException.class);
    }

    @Test
    void userLogin_0201_successWrongPasswordAndMfa() throws Exception {
        TokenPair p = get(client.users().login(new UserLoginRequest("ann@example.com", "pw-secret", null)));
        assertThat(p.refreshToken()).isNotNull();
        assertThat(error(client.users().login(new UserLoginRequest("ann@example.com", "wrong", null))))
                .isInstanceOf(DfxAuthenticationException.class).hasMessageContaining("INVALID_CREDENTIALS")
                .hasMessageNotContaining("wrong\"");
        assertThat(error(client.users().login(new UserLoginRequest("mfa@example.com", "pw2", null))))
                .isInstanceOf(DfxAuthenticationException.class).hasMessageContaining("MFA_REQUIRED");
        assertThat(get(client.users().login(new UserLoginRequest("mfa@example.com", "pw2", "123456"))).token())
                .isNotBlank();
    }

    @Test
    void renew_2304_successThenTheSpentRefreshTokenIsRefused() throws Exception {
        TokenPair p = get(client.users().login(new UserLoginRequest("ann@example.com", "pw-secret", null)));
        TokenPair next = get(client.auths().renew(new RenewRequest(p)));
        assertThat(next.token()).isNotEqualTo(p.token());
        assertThat(next.refreshToken()).isNotEqualTo(p.refreshToken());
        assertThat(error(client.auths().renew(new RenewRequest(p)))).isInstanceOf(DfxServerException.class)
                .hasMessageNotContaining(p.refreshToken());
    }

    @Test
    void general_0100_0107_0108() throws Exception {
        StatusResponse s = get(client.general().status());
        assertThat(s.isActive()).isTrue();
        assertThat(s.region()).isEqualTo("na-east");
        VerifyTokenResponse v = get(client.general().verifyToken());
        assertThat(v.region()).isEqualTo("na-east");
        assertThat(v.expiresAt()).isNotNull();
        RegionsResponse r = get(client.general().regions());
        assertThat(r.regions()).containsKeys("na-east", "eu-central", "cn-north");
    }

    @Test
    void measurements_0504_0500_0501_successAndErrors() throws Exception {
        String id = get(client.measurements().create(CreateMeasurementRequest.of("S1"))).id();
        assertThat(error(client.measurements().create(CreateMeasurementRequest.of("S-unknown"))))
                .isInstanceOf(DfxServerException.class).hasMessageContaining("INVALID_STUDY");

        MeasurementRecord r = get(client.measurements().retrieve(id));
        assertThat(r.id()).isEqualTo(id);
        assertThat(r.status()).isIn(MeasurementStatus.CAPTURING, MeasurementStatus.UNKNOWN);
        assertThat(error(client.measurements().retrieve("no-such-measurement")))
                .isInstanceOf(DfxServerException.class);

        get(client.measurements().create(CreateMeasurementRequest.of("S1")));
        MeasurementList page = get(client.measurements().list(ListMeasurementsRequest.first(1)));
        assertThat(page.totalCount()).isEqualTo(2);
        assertThat(page.items()).hasSize(1);
    }

    @Test
    void studies_0806_fileThen304WhenCurrent_andUnknownStudy() throws Exception {
        SdkConfigResponse r = get(client.studies().sdkConfig(new SdkConfigRequest("S1", "sdk-1", null)));
        assertThat(r.notModified()).isFalse();
        assertThat(r.file()).hasValueSatisfying(b -> assertThat(b).isNotEmpty());
        SdkConfigResponse again = get(client.studies().sdkConfig(new SdkConfigRequest("S1", "sdk-1", r.md5Hash())));
        assertThat(again.notModified()).isTrue();
        assertThat(again.file()).isEmpty();
        assertThat(error(client.studies().sdkConfig(new SdkConfigRequest("nope", "sdk-1", null))))
                .isInstanceOf(DfxServerException.class).hasMessageContaining("INVALID_STUDY");
    }

    @Test
    void unregister_0706_thenTheTokenIsDead_andAnUnknownActionIsNotSupported() throws Exception {
        assertThat(error(client.sendMessage(ActionId.of("0999"), Map.of())))
                .isInstanceOf(DfxUnsupportedActionException.class).hasMessageContaining("not supported");
        get(client.organizations().unregisterLicense());
        assertThat(error(client.organizations().unregisterLicense())).isInstanceOf(DfxServerException.class);
    }

    @Test
    void listBody_isAJsonArray_andDfxMessageCarriesIt() throws Exception {
        get(client.measurements().create(CreateMeasurementRequest.of("S1")));
        DfxMessage m = get(client.sendMessage(ActionId.of("0501"), ListMeasurementsRequest.first(5).toBody()));
        assertThat(m.bodyValue()).isInstanceOf(List.class);
        assertThatThrownBy(m::body).isInstanceOf(dev.dfx.core.error.DfxProtocolException.class);
    }
}
