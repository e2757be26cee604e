package dev.dfx.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dfx.codec.json.JacksonBodyCodec;
import dev.dfx.core.Chunk;
import dev.dfx.core.DfxClient;
import dev.dfx.core.DfxClientConfig;
import dev.dfx.core.MeasurementSummary;
import dev.dfx.core.MeasurementTarget;
import dev.dfx.core.api.ListMeasurementsRequest;
import dev.dfx.core.api.MeasurementList;
import dev.dfx.core.api.MeasurementRecord;
import dev.dfx.core.api.MeasurementStatus;
import dev.dfx.core.auth.Credentials;
import dev.dfx.core.auth.FileTokenStore;
import dev.dfx.core.auth.TokenPair;
import dev.dfx.core.error.DfxLicenseException;
import dev.dfx.core.error.DfxServerException;
import dev.dfx.core.port.BodyCodec;
import dev.dfx.core.port.Transport;
import dev.dfx.testkit.FakeDfxServer;
import dev.dfx.testkit.server.LicenseStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The whole life cycle of issue 11 through {@link DfxClient} against {@link FakeDfxServer}, for any transport: from
 * a licence key to results (register → create → subscribe → stream → results → retrieve → list), a restart that
 * reuses the stored pair and registers nothing, a measurement longer than the token's lifetime on a server that
 * expires tokens within the session, and the licence and study errors. A subclass supplies only
 * {@link #newTransport()}; the server listens on loopback and is registered in memory under the same URI.
 */
public abstract class LifecycleContract {
    private static final String KEY = "LIC-contract-7d1e";
    private static final String STUDY = "study-1";
    private static final long WAIT = 30;

    private final BodyCodec codec = JacksonBodyCodec.create();
    private final List<AutoCloseable> closing = new ArrayList<>();

    /** @return a new transport under test; the suite closes it */
    protected abstract Transport newTransport();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private FakeDfxServer server(java.util.function.UnaryOperator<FakeDfxServer.Builder> more) {
        FakeDfxServer s = more.apply(FakeDfxServer.builder().license(KEY).studies(STUDY).socket(0)).build().start();
        closing.add(s);
        return s;
    }

    private Transport transport() {
        Transport t = newTransport();
        closing.add(t);
        return t;
    }

    private DfxClient client(FakeDfxServer server, Transport t, Credentials credentials, FileTokenStore store,
                             double renewAt) {
        DfxClientConfig config = DfxClientConfig.builder().uri(server.uri()).credentials(credentials)
                .tokenStore(store).renewAt(renewAt).pacingBurst(Duration.ZERO)
                .requestTimeout(Duration.ofSeconds(10)).build();
        DfxClient c = DfxClient.builder().transport(t).codec(codec).config(config).build();
        closing.add(c);
        return c;
    }

    private static Credentials.License licence(String key) {
        return new Credentials.License(key, "LINUX", "contract", "contract-device-1", "1.0", null);
    }

    private static List<Chunk> chunks(int n) {
        List<Chunk> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Chunk.of(new byte[] {(byte) i, 7, 7, 7}, Duration.ofMillis(100)));
        }
        return out;
    }

    private static FileTokenStore store() throws Exception {
        Path dir = Files.createTempDirectory("dfx-lifecycle");
        return FileTokenStore.of(dir.resolve("tokens.json"));
    }

    /** Register → create → subscribe → stream → results → retrieve → list; then a restart registers nothing. */
    @Test
    void fromALicenceKeyToResults_andARestartRegistersNothing() throws Exception {
        FakeDfxServer server = server(b -> b);
        Transport t = transport();
        FileTokenStore store = store();

        DfxClient first = client(server, t, licence(KEY), store, 0.8);
        MeasurementSummary sum = first.measure(MeasurementTarget.study(STUDY), chunks(6))
                .get(WAIT, TimeUnit.SECONDS);
        assertThat(sum.chunksAcked()).isEqualTo(6);
        assertThat(sum.finalResult()).isPresent();
        assertThat(sum.results()).hasSize(6);
        assertThat(server.registrations(KEY)).isEqualTo(1);
        TokenPair stored = store.load().orElseThrow();

        first.connect().get(WAIT, TimeUnit.SECONDS);
        MeasurementRecord record = first.measurements().retrieve(sum.measurementId()).get(WAIT, TimeUnit.SECONDS);
        assertThat(record.id()).isEqualTo(sum.measurementId());
        assertThat(record.status()).isEqualTo(MeasurementStatus.COMPLETE);
        assertThat(record.results()).isNotNull().isNotEmpty();
        MeasurementList list = first.measurements().list(ListMeasurementsRequest.first(10))
                .get(WAIT, TimeUnit.SECONDS);
        assertThat(list.totalCount()).isEqualTo(1);
        assertThat(list.items()).extracting(MeasurementList.Item::id).containsExactly(sum.measurementId());
        assertThat(first.general().status().get(WAIT, TimeUnit.SECONDS).isActive()).isTrue();
        first.close();

        DfxClient restarted = client(server, t, licence(KEY), store, 0.8);
        restarted.connect().get(WAIT, TimeUnit.SECONDS);
        assertThat(restarted.general().verifyToken().get(WAIT, TimeUnit.SECONDS).type()).isNotEmpty();
        assertThat(server.registrations(KEY)).as("a restart with a stored pair registers nothing").isEqualTo(1);
        assertThat(store.load().orElseThrow()).isEqualTo(stored);
    }

    /** A token of 2 s, renewed at half its life, under a paced 3 s measurement; the server expires in session. */
    @Test
    void measurementLongerThanTheToken_inSessionExpiry_completesWithEveryChunkAckedOnce() throws Exception {
        FakeDfxServer server = server(b -> b.tokenTtl(Duration.ofSeconds(2)).expireTokensInSession(true));
        FileTokenStore store = store();
        DfxClient c = client(server, transport(), licence(KEY), store, 0.5);
        String firstRefresh;

        c.connect().get(WAIT, TimeUnit.SECONDS);
        firstRefresh = store.load().orElseThrow().refreshToken();
        MeasurementSummary sum = c.measure(MeasurementTarget.study(STUDY), chunks(35)).get(WAIT, TimeUnit.SECONDS);

        assertThat(sum.chunksAcked()).isEqualTo(35);
        assertThat(sum.results()).hasSize(35);
        assertThat(sum.finalResult()).isPresent();
        assertThat(c.tokenRenewals()).isPositive();
        assertThat(store.load().orElseThrow().refreshToken()).isNotEqualTo(firstRefresh);
        assertThat(server.registrations(KEY)).isEqualTo(1);
    }

    /** Errors say what to do: unknown key, expired and inactive licences, unknown study. */
    @Test
    void licenceAndStudyErrors_areTypedAndSayWhatToDo() throws Exception {
        FakeDfxServer server = server(b -> b.license("OLD", LicenseStatus.EXPIRED)
                .license("OFF", LicenseStatus.INACTIVE));
        Transport t = transport();

        assertThatThrownBy(() -> client(server, t, licence("NOPE"), store(), 0.8).connect().join())
                .isInstanceOf(CompletionException.class).cause().isInstanceOf(DfxLicenseException.class)
                .hasMessageContaining("check the key").hasMessageNotContaining("NOPE");
        assertThatThrownBy(() -> client(server, t, licence("OLD"), store(), 0.8).connect().join())
                .cause().isInstanceOf(DfxLicenseException.class).hasMessageContaining("expired");
        assertThatThrownBy(() -> client(server, t, licence("OFF"), store(), 0.8).connect().join())
                .cause().isInstanceOf(DfxLicenseException.class).hasMessageContaining("not active");
        DfxClient ok = client(server, t, licence(KEY), store(), 0.8);
        assertThatThrownBy(() -> ok.measure(MeasurementTarget.study("no-such-study"), chunks(1)).join())
                .cause().isInstanceOf(DfxServerException.class).hasMessageContaining("INVALID_STUDY");
    }
}
