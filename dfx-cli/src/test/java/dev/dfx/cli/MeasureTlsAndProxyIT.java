package dev.dfx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dfx.testkit.FakeDfxServer;
import dev.dfx.testkit.socket.ConnectProxy;
import dev.dfx.testkit.socket.WebSocketServerFrontEnd;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 12: {@code dfx measure --ca-cert FILE} talks to a {@code wss://} fake server with a self-signed certificate
 * (as {@code dfx serve --tls} serves it) by trusting its PEM, with host names still verified; {@code --proxy
 * HOST:PORT} tunnels through an HTTP {@code CONNECT} proxy.
 */
class MeasureTlsAndProxyIT {
    private static FakeDfxServer tlsServer;
    private static FakeDfxServer plainServer;
    private static ConnectProxy proxy;

    @TempDir
    static Path dir;
    private static Path pem;

    @BeforeAll
    static void start() throws IOException {
        tlsServer = FakeDfxServer.builder().tokens("cli-token").license("KEY-TLS").studies("STUDY-TLS").socket(0)
                .tls(true).build().start();
        plainServer = FakeDfxServer.builder().tokens("cli-token").socket(0).build().start();
        proxy = ConnectProxy.start();
        pem = dir.resolve("server.pem");
        Files.writeString(pem, WebSocketServerFrontEnd.selfSignedCertificatePem(), StandardCharsets.US_ASCII);
    }

    @AfterAll
    static void stop() {
        tlsServer.close();
        plainServer.close();
        proxy.close();
    }

    private static CliTestSupport.Result measure(FakeDfxServer server, String url, TransportKind transport,
                                                 String... extra) {
        String id = server.createMeasurement();
        String[] base = {"measure", "--url", url, "--token", "cli-token", "--measurement", id, "--synthetic", "2",
            "--chunk-bytes", "100", "--duration", "0.1", "--no-pace", "--json", "--transport", transport.name(),
            "--timeout", "60"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CliTestSupport.run(args);
    }

    @ParameterizedTest
    @EnumSource(TransportKind.class)
    void caCert_trustsTheServersSelfSignedCertificate(TransportKind transport) {
        CliTestSupport.Result r = measure(tlsServer, tlsServer.uri().toString(), transport, "--ca-cert",
                pem.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.lastOutLine()).contains("\"ok\":true").contains("\"chunksAcked\":2");
    }

    @ParameterizedTest
    @EnumSource(TransportKind.class)
    void withoutCaCert_theSelfSignedServerIsRefused(TransportKind transport) {
        CliTestSupport.Result r = measure(tlsServer, tlsServer.uri().toString(), transport);

        assertThat(r.exitCode()).as(r.err()).isNotZero();
        assertThat(r.err()).containsIgnoringCase("TLS");
    }

    @ParameterizedTest
    @EnumSource(TransportKind.class)
    void proxy_tunnelsTheMeasurement(TransportKind transport) {
        proxy.reset();

        CliTestSupport.Result r = measure(plainServer, plainServer.uri().toString(), transport, "--proxy",
                proxy.host() + ":" + proxy.port());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.lastOutLine()).contains("\"ok\":true");
        assertThat(proxy.tunnels()).isNotEmpty().allMatch(t -> t.endsWith(":" + plainServer.uri().getPort()));
    }

    @Test
    void proxy_badValue_isAUsageError() {
        CliTestSupport.Result r = measure(plainServer, plainServer.uri().toString(), TransportKind.jetty,
                "--proxy", "no-port-here");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("HOST:PORT");
    }

    /**
     * With a licence key the CLI registers and creates the measurement on a first connection: that one goes the same
     * way as the stream, trusting {@code --ca-cert} (it did not after issue 11 met issue 12).
     */
    @ParameterizedTest
    @EnumSource(TransportKind.class)
    void licenseKey_withCaCert_registersCreatesAndStreamsOverTls(TransportKind transport) {
        Path tokens = dir.resolve("tokens-" + transport.name() + ".json");
        CliTestSupport.Result r = CliTestSupport.run("measure", "--url", tlsServer.uri().toString(), "--license-key",
                "KEY-TLS", "--study", "STUDY-TLS", "--token-file", tokens.toString(), "--synthetic", "2",
                "--chunk-bytes", "100", "--duration", "0.1", "--no-pace", "--json", "--transport", transport.name(),
                "--timeout", "60", "--ca-cert", pem.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.lastOutLine()).contains("\"ok\":true").contains("\"chunksAcked\":2");
    }
}
