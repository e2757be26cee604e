package dev.dfx.guice;

import static dev.dfx.guice.Measurements.TOKEN;
import static dev.dfx.guice.Measurements.WAIT;
import static dev.dfx.guice.Measurements.assertCompleteMeasurement;
import static dev.dfx.guice.Measurements.config;
import static dev.dfx.guice.Measurements.connectAndMeasure;
import static dev.dfx.guice.Measurements.status;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.util.Modules;
import dev.dfx.codec.json.JacksonBodyCodec;
import dev.dfx.codec.json.JacksonCodecModule;
import dev.dfx.core.DfxClient;
import dev.dfx.core.DfxClientConfig;
import dev.dfx.core.DfxMessage;
import dev.dfx.core.port.Transport;
import dev.dfx.testkit.FakeDfxServer;
import dev.dfx.testkit.memory.InMemoryTransport;
import dev.dfx.testkit.socket.WebSocketServerFrontEnd;
import dev.dfx.transport.jetty.JettyTransport;
import dev.dfx.transport.jetty.JettyTransportModule;
import dev.dfx.transport.netty.NettyTransport;
import dev.dfx.transport.netty.NettyTransportModule;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The one-line transport swap over real loopback sockets: the same injector recipe with the Jetty module or the
 * Netty module (the only difference) runs a real measurement against a {@link FakeDfxServer} behind a
 * {@link WebSocketServerFrontEnd}; the in-memory transport, swapped in with {@code Modules.override}, reaches the
 * same server with the same config (the front end registers its URI in memory too).
 */
class DfxModuleIT {
    private FakeDfxServer server;
    private WebSocketServerFrontEnd frontEnd;
    private DfxClientConfig config;

    @BeforeEach
    void startServer() {
        server = FakeDfxServer.builder().tokens(TOKEN).build();
        frontEnd = WebSocketServerFrontEnd.start(server);
        config = config(frontEnd.uri());
    }

    @AfterEach
    void stopServer() {
        try {
            frontEnd.close();
        } finally {
            server.close();
        }
    }

    /** The transport module to install, and the type of transport it must bind. */
    static Stream<Arguments> transportModules() {
        return Stream.of(
                Arguments.of(Named.<Supplier<Module>>of("Jetty", JettyTransportModule::new), JettyTransport.class),
                Arguments.of(Named.<Supplier<Module>>of("Netty", NettyTransportModule::new), NettyTransport.class));
    }

    /** The transport module to install, and the plain factory of the same transport. */
    static Stream<Arguments> transportModulesAndFactories() {
        return Stream.of(
                Arguments.of(Named.<Supplier<Module>>of("Jetty", JettyTransportModule::new),
                        (Supplier<Transport>) JettyTransport::create),
                Arguments.of(Named.<Supplier<Module>>of("Netty", NettyTransportModule::new),
                        (Supplier<Transport>) NettyTransport::create));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transportModules")
    void swappingOneTransportModule_runsARealMeasurementOverLoopback(Supplier<Module> transportModule,
                                                                    Class<? extends Transport> expected)
            throws Exception {
        Injector injector = Guice.createInjector(new DfxModule(config), new JacksonCodecModule(),
                transportModule.get());
        try {
            assertThat(injector.getInstance(Transport.class)).isInstanceOf(expected);
            String id = server.createMeasurement();

            Measurements.Outcome outcome = connectAndMeasure(injector.getInstance(DfxClient.class), id);

            assertCompleteMeasurement(outcome, id);
            assertThat(server.connectionCount()).isEqualTo(1);
        } finally {
            Injectors.closeClientThenTransport(injector);
        }
    }

    @Test
    void inMemoryTransportOverride_reachesTheSameServerWithTheSameConfig() throws Exception {
        Injector injector = Guice.createInjector(Modules.override(new DfxModule(config), new JacksonCodecModule(),
                new JettyTransportModule()).with(new InMemoryTransportModule()));
        try {
            assertThat(injector.getInstance(Transport.class)).isInstanceOf(InMemoryTransport.class);
            String id = server.createMeasurement();

            Measurements.Outcome outcome = connectAndMeasure(injector.getInstance(DfxClient.class), id);

            assertCompleteMeasurement(outcome, id);
            assertThat(server.connectionCount()).isEqualTo(1);
        } finally {
            Injectors.closeClientThenTransport(injector);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transportModulesAndFactories")
    void plainBuilderAndGuicePath_giveEquivalentClients(Supplier<Module> transportModule,
                                                        Supplier<Transport> plainFactory) throws Exception {
        Injector injector = Guice.createInjector(new DfxModule(config), new JacksonCodecModule(),
                transportModule.get());
        Transport plainTransport = plainFactory.get();
        try (DfxClient plain = DfxClient.builder().transport(plainTransport).codec(JacksonBodyCodec.create())
                .config(config).build()) {
            DfxClient wired = injector.getInstance(DfxClient.class);
            plain.connect().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            wired.connect().get(WAIT.toSeconds(), TimeUnit.SECONDS);

            DfxMessage fromPlain = status(plain);
            DfxMessage fromWired = status(wired);

            assertThat(injector.getInstance(Transport.class)).hasSameClassAs(plainTransport);
            assertThat(wired.config()).isSameAs(plain.config());
            assertThat(wired.state()).isEqualTo(plain.state());
            assertThat(fromWired.status()).isEqualTo(fromPlain.status()).isEqualTo(200);
            assertThat(fromWired.body()).isEqualTo(fromPlain.body()).containsEntry("StatusID", "ACTIVE");
            assertThat(server.connectionCount()).isEqualTo(2);
        } finally {
            Injectors.closeClientThenTransport(injector);
            plainTransport.close();
        }
    }
}
