package dev.dfx.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Key;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.OptionalBinder;
import dev.dfx.core.DfxClient;
import dev.dfx.core.DfxClientConfig;
import dev.dfx.core.port.BodyCodec;
import dev.dfx.core.port.Scheduler;
import dev.dfx.core.port.Ticker;
import dev.dfx.core.port.Transport;
import jakarta.inject.Qualifier;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Clock;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Guice wiring of a {@link DfxClient} (docs/style.md §7). It binds {@code DfxClient} as a singleton made by the same plain
 * builder that Guice-free code calls, {@code DfxClient.builder().transport(t).codec(c).config(cfg)...build()}, so
 * both paths run one code path. The ports come from the adapters' own modules; swapping the transport is one line:
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(
 *         new DfxModule(config), new JacksonCodecModule(), new JettyTransportModule());   // or NettyTransportModule
 * DfxClient client = injector.getInstance(DfxClient.class);
 * }</pre>
 *
 * <p><b>What it needs.</b> A binding of {@link Transport} (exactly one transport module: installing two fails at
 * injector creation with a duplicate binding of {@code Transport}, and installing none fails there too) and of
 * {@link BodyCodec} ({@code JacksonCodecModule}). The {@link DfxClientConfig} is the constructor argument; this module
 * binds it, so do not bind {@code DfxClientConfig} yourself (Guice would report a duplicate binding).
 *
 * <p><b>Optional collaborators.</b> Each is an {@link OptionalBinder} key that a user module replaces with
 * {@code OptionalBinder.newOptionalBinder(binder(), KEY).setBinding().toInstance(value)}, or that tests replace with
 * {@code Modules.override}:
 * <ul>
 *   <li>{@link #CLOCK}, the wall-clock {@link InstantSource} for timestamps and token expiry ({@code exp}):
 *       default {@link Clock#systemUTC()}, which is cheap and stateless.</li>
 *   <li>{@link #TICKER}, the monotonic {@link Ticker} that pacing, timeouts, backoff and heartbeats measure durations
 *       on (docs/style.md §4): default {@link Ticker#system()}.</li>
 *   <li>{@link #SCHEDULER}, the {@link Scheduler} every client timer goes through: no default here; when unbound
 *       the client starts (and on {@link DfxClient#close()} stops) one daemon thread of its own.</li>
 *   <li>{@link #CALLBACK_EXECUTOR}, the {@link Executor} that runs the client's serial work, completes its futures
 *       and calls its listeners: no default here; when unbound the client starts (and stops) one daemon thread of
 *       its own.</li>
 * </ul>
 * The clock and the executor are qualified with {@link ForDfxClient} because their types are the JDK's and an
 * application may well bind them for other uses; {@link Scheduler} is the client's own port and is bound unqualified.
 * A scheduler or executor bound here stays the binder's: the client never shuts it down.
 *
 * <p><b>Closing.</b> The injector closes nothing. The application that created the injector owns what it made: when
 * it stops, it closes the client first and then the transport, which the client never closes because it may be
 * shared (docs/style.md §4):
 *
 * <pre>{@code
 * injector.getInstance(DfxClient.class).close();   // disconnects with 1000, stops the client's own threads
 * injector.getInstance(Transport.class).close();   // releases the Jetty client or the Netty event-loop group
 * }</pre>
 *
 * <p><b>Threading.</b> The module is immutable and may be installed in several injectors; each injector gets its own
 * client (and, from the transport modules, its own transport). The client is thread-safe (see {@link DfxClient}).
 */
public final class DfxModule extends AbstractModule {

    /** Key of the wall clock (timestamps, token expiry); default {@link Clock#systemUTC()}. */
    public static final Key<InstantSource> CLOCK = Key.get(InstantSource.class, ForDfxClient.class);

    /** Key of the monotonic time source for pacing and every duration; default {@link Ticker#system()}. */
    public static final Key<Ticker> TICKER = Key.get(Ticker.class);

    /** Key of the timer seam; unbound by default (the client then owns one scheduler thread). */
    public static final Key<Scheduler> SCHEDULER = Key.get(Scheduler.class);

    /** Key of the callback executor; unbound by default (the client then owns one executor thread). */
    public static final Key<Executor> CALLBACK_EXECUTOR = Key.get(Executor.class, ForDfxClient.class);

    /**
     * Qualifies the JDK-typed collaborators meant for the DFX client ({@link #CLOCK}, {@link #CALLBACK_EXECUTOR}),
     * so they never collide with an application's own {@code InstantSource} or {@code Executor} bindings.
     */
    @Qualifier
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD})
    public @interface ForDfxClient {
    }

    private final DfxClientConfig config;

    /**
     * Creates the module.
     *
     * @param config the configuration of the client this module binds; it is bound as {@link DfxClientConfig}
     * @throws NullPointerException if {@code config} is null
     */
    public DfxModule(DfxClientConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    protected void configure() {
        bind(DfxClientConfig.class).toInstance(config);
        OptionalBinder.newOptionalBinder(binder(), CLOCK).setDefault().toInstance(Clock.systemUTC());
        OptionalBinder.newOptionalBinder(binder(), TICKER).setDefault().toInstance(Ticker.system());
        // No defaults: the cheap "default" is the client's own thread, made (and later stopped) by the builder.
        OptionalBinder.newOptionalBinder(binder(), SCHEDULER);
        OptionalBinder.newOptionalBinder(binder(), CALLBACK_EXECUTOR);
    }

    /**
     * Builds the injector's one client with the plain builder.
     *
     * @return a client, not yet connected; the injector's owner closes it
     */
    @Provides
    @Singleton
    DfxClient dfxClient(Transport transport, BodyCodec codec, DfxClientConfig clientConfig,
                        @ForDfxClient InstantSource clock, Ticker ticker, Optional<Scheduler> scheduler,
                        @ForDfxClient Optional<Executor> executor) {
        DfxClient.Builder builder = DfxClient.builder()
                .transport(transport)
                .codec(codec)
                .config(clientConfig)
                .clock(clock)
                .ticker(ticker);
        scheduler.ifPresent(builder::scheduler);
        executor.ifPresent(builder::executor);
        return builder.build();
    }

    @Override
    public String toString() {
        return "DfxModule[uri=" + config.uri() + "]";
    }
}
