package dev.dfx.guice;

import static dev.dfx.guice.Measurements.TOKEN;
import static dev.dfx.guice.Measurements.WAIT;
import static dev.dfx.guice.Measurements.assertCompleteMeasurement;
import static dev.dfx.guice.Measurements.config;
import static dev.dfx.guice.Measurements.connectAndMeasure;
import static dev.dfx.guice.Measurements.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.OptionalBinder;
import com.google.inject.util.Modules;
import dev.dfx.codec.json.JacksonBodyCodec;
import dev.dfx.codec.json.JacksonCodecModule;
import dev.dfx.core.DfxClient;
import dev.dfx.core.DfxClientConfig;
import dev.dfx.core.DfxMessage;
import dev.dfx.core.port.Scheduler;
import dev.dfx.core.port.Transport;
import dev.dfx.testkit.FakeDfxServer;
import dev.dfx.testkit.memory.InMemoryTransport;
import dev.dfx.transport.jetty.JettyTransportModule;
import dev.dfx.transport.netty.NettyTransportModule;
import java.time.Clock;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Unit tests of {@link DfxModule}: injector creation rules, bindings and overrides. Every client here talks to a
 * {@link FakeDfxServer} through the in-memory transport, swapped in with {@code Modules.override}; no socket is
 * opened (the real-socket runs are in {@link DfxModuleIT}).
 */
class DfxModuleTest {
    private FakeDfxServer server;
    private DfxClientConfig config;

    @BeforeEach
    void startServer() {
        server = FakeDfxServer.builder().tokens(TOKEN).build().start();
        config = config(server.inMemoryUri());
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    /** The production wiring with the in-memory transport overriding the Jetty one, plus {@code extra} modules. */
    private Injector inMemoryInjector(Module... extra) {
        Module production = Modules.override(new DfxModule(config), new JacksonCodecModule(),
                new JettyTransportModule()).with(new InMemoryTransportModule());
        return Guice.createInjector(Modules.combine(Modules.combine(extra), production));
    }

    @Test
    void jettyAndNettyModulesTogether_failAtInjectorCreationWithDuplicateTransport() {
        assertThatThrownBy(() -> Guice.createInjector(new DfxModule(config), new JacksonCodecModule(),
                new JettyTransportModule(), new NettyTransportModule()))
                .isInstanceOf(CreationException.class)
                .hasMessageContaining("BindingAlreadySet")
                .hasMessageContaining("Transport was bound multiple times");
    }

    @Test
    void noTransportModule_failsAtInjectorCreationNamingTransport() {
        assertThatThrownBy(() -> Guice.createInjector(new DfxModule(config), new JacksonCodecModule()))
                .isInstanceOf(CreationException.class)
                .hasMessageContaining("MissingImplementation")
                .hasMessageContaining("No implementation for Transport was bound");
    }

    @Test
    void noCodecModule_failsAtInjectorCreationNamingBodyCodec() {
        assertThatThrownBy(() -> Guice.createInjector(new DfxModule(config), new InMemoryTransportModule()))
                .isInstanceOf(CreationException.class)
                .hasMessageContaining("No implementation for BodyCodec was bound");
    }

    @Test
    void nullConfig_throwsNullPointerExceptionNamingConfig() {
        assertThatNullPointerException().isThrownBy(() -> new DfxModule(null)).withMessage("config");
    }

    @Test
    void injector_bindsTheConstructorConfig_andMakesOneClientPerInjector() {
        Injector injector = inMemoryInjector();
        try {
            DfxClient client = injector.getInstance(DfxClient.class);
            assertThat(injector.getInstance(DfxClient.class)).isSameAs(client);
            assertThat(injector.getInstance(DfxClientConfig.class)).isSameAs(config);
            assertThat(client.config()).isSameAs(config);
            assertThat(injector.getInstance(Transport.class)).isInstanceOf(InMemoryTransport.class);
        } finally {
            Injectors.closeClientThenTransport(injector);
        }
    }

    @Test
    void defaults_clockIsSystemUtc_schedulerAndExecutorAreLeftToTheClient() {
        Injector injector = inMemoryInjector();
        try {
            assertThat(injector.getInstance(DfxModule.CLOCK)).isEqualTo(Clock.systemUTC());
            assertThat(injector.getInstance(new Key<Optional<Scheduler>>() { })).isEmpty();
            assertThat(injector.getInstance(Key.get(new TypeLiteral<Optional<Executor>>() { },
                    DfxModule.ForDfxClient.class))).isEmpty();
        } finally {
            Injectors.closeClientThenTransport(injector);
        }
    }

    @Test
    void clockSetBinding_replacesTheDefault() {
        CountingClock clock = new CountingClock();
        Injector injector = inMemoryInjector(new AbstractModule() {
            @Override
            protected void configure() {
                OptionalBinder.newOptionalBinder(binder(), DfxModule.CLOCK).setBinding().toInstance(clock);
            }
        });
        try {
            assertThat(injector.getInstance(DfxModule.CLOCK)).isSameAs(clock);
        } finally {
            Injectors.closeClientThenTransport(injector);
        }
    }

    /** Pacing reads the monotonic ticker, not the wall clock (docs/style.md §4, issue 12). */
    @Test
    void tickerSetBinding_replacesTheDefault_andPacesTheClientsMeasurement() throws Exception {
        CountingTicker ticker = new CountingTicker();
        Injector injector = inMemoryInjector(new AbstractModule() {
            @Override
            protected void configure() {
                OptionalBinder.newOptionalBinder(binder(), DfxModule.TICKER).setBinding().toInstance(ticker);
            }
        });
        try {
            assertThat(injector.getInstance(DfxModule.TICKER)).isSameAs(ticker);
            String id = server.createMeasurement();

            assertCompleteMeasurement(connectAndMeasure(injector.getInstance(DfxClient.class), id), id);

            // real-time pacing is on by default: the rate limiter read the injected ticker
            assertThat(ticker.reads.get()).isPositive();
        } finally {
            Injectors.closeClientThenTransport(injector);
        }
    }

    @Test
    void schedulerSetBinding_runsTheClientsTimers() throws Exception {
        ScheduledExecutorService pool = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger scheduled = new AtomicInteger();
        Scheduler delegate = Scheduler.of(pool);
        Scheduler counting = (delay, task) -> {
            scheduled.incrementAndGet();
            return delegate.schedule(delay, task);
        };
        Injector injector = inMemoryInjector(new AbstractModule() {
            @Override
            protected void configure() {
                OptionalBinder.newOptionalBinder(binder(), DfxModule.SCHEDULER).setBinding().toInstance(counting);
            }
        });
        try {
            DfxClient client = injector.getInstance(DfxClient.class);
            client.connect().get(WAIT.toSeconds(), TimeUnit.SECONDS);

            assertThat(status(client).status()).isEqualTo(200);
            assertThat(scheduled.get()).as("timers scheduled through the bound scheduler").isPositive();
        } finally {
            Injectors.closeClientThenTransport(injector);
            pool.shutdownNow();
        }
        assertThat(pool.isShutdown()).isTrue();
    }

    @Test
    void callbackExecutorSetBinding_runsTheClientsListeners() throws Exception {
        ExecutorService callbacks = Executors.newSingleThreadExecutor(r -> new Thread(r, "app-callbacks"));
        Injector injector = inMemoryInjector(new AbstractModule() {
            @Override
            protected void configure() {
                OptionalBinder.newOptionalBinder(binder(), DfxModule.CALLBACK_EXECUTOR).setBinding()
                        .toInstance(callbacks);
            }
        });
        try {
            DfxClient client = injector.getInstance(DfxClient.class);
            CompletableFuture<String> listenerThread = new CompletableFuture<>();
            client.onMessage(m -> listenerThread.complete(Thread.currentThread().getName()));
            client.connect().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            status(client);

            assertThat(listenerThread.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("app-callbacks");
        } finally {
            Injectors.closeClientThenTransport(injector);
        }
        // the client never shuts down an executor it was given
        assertThat(callbacks.isShutdown()).isFalse();
        callbacks.shutdown();
    }

    @Test
    void inMemoryOverride_replacesTheTransportModule_andAMeasurementCompletes() throws Exception {
        Injector injector = inMemoryInjector();
        try {
            String id = server.createMeasurement();

            assertCompleteMeasurement(connectAndMeasure(injector.getInstance(DfxClient.class), id), id);
            assertThat(server.connectionCount()).isEqualTo(1);
        } finally {
            Injectors.closeClientThenTransport(injector);
        }
    }

    @Test
    void plainBuilderAndGuicePath_giveEquivalentClients() throws Exception {
        Injector injector = inMemoryInjector();
        InMemoryTransport plainTransport = InMemoryTransport.create();
        try (DfxClient plain = DfxClient.builder().transport(plainTransport).codec(JacksonBodyCodec.create())
                .config(config).build()) {
            DfxClient wired = injector.getInstance(DfxClient.class);
            plain.connect().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            wired.connect().get(WAIT.toSeconds(), TimeUnit.SECONDS);

            DfxMessage fromPlain = status(plain);
            DfxMessage fromWired = status(wired);

            assertThat(wired.config()).isSameAs(plain.config());
            assertThat(wired.state()).isEqualTo(plain.state());
            assertThat(fromWired.status()).isEqualTo(fromPlain.status()).isEqualTo(200);
            assertThat(fromWired.body()).isEqualTo(fromPlain.body()).containsEntry("StatusID", "ACTIVE");
        } finally {
            Injectors.closeClientThenTransport(injector);
            plainTransport.close();
        }
    }

    /** The system clock, counting its reads. */
    private static final class CountingTicker implements dev.dfx.core.port.Ticker {
        final AtomicInteger reads = new AtomicInteger();

        @Override
        public long nanoTime() {
            reads.incrementAndGet();
            return System.nanoTime();
        }
    }

    private static final class CountingClock implements InstantSource {
        final AtomicInteger reads = new AtomicInteger();

        @Override
        public Instant instant() {
            reads.incrementAndGet();
            return Clock.systemUTC().instant();
        }
    }
}
