package dev.dfx.testkit.memory;

import dev.dfx.core.port.ConnectSpec;
import dev.dfx.testkit.wire.ConnectionAcceptor;
import dev.dfx.testkit.wire.InMemoryRegistry;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension that gives each test a fresh server in memory: before each test it creates an acceptor from
 * the supplier, registers it in {@link InMemoryRegistry} under a URI of its own and creates an
 * {@link InMemoryTransport}; after the test it closes the transport (aborting what is still open) and removes the
 * registration. Tests never share a server, so they may run in parallel.
 *
 * <pre>{@code
 * @RegisterExtension
 * final InMemoryServerExtension<EchoAcceptor> server = InMemoryServerExtension.of(EchoAcceptor::create);
 *
 * @Test
 * void echoes() {
 *     Connection c = server.transport().connect(server.spec(), listener).get(5, SECONDS);
 *     ...
 * }
 * }</pre>
 *
 * <p>The accessors are meant for the test's own thread, between the extension's callbacks; they fail with
 * {@link IllegalStateException} outside a test.
 *
 * @param <A> the acceptor type, so tests reach its scripting and observing methods
 */
public final class InMemoryServerExtension<A extends ConnectionAcceptor> implements BeforeEachCallback,
        AfterEachCallback {
    private static final AtomicLong IDS = new AtomicLong();

    private final Supplier<? extends A> acceptors;
    private volatile A acceptor;
    private volatile URI uri;
    private volatile InMemoryTransport transport;
    private volatile AutoCloseable registration;

    private InMemoryServerExtension(Supplier<? extends A> acceptors) {
        this.acceptors = acceptors;
    }

    /**
     * @param acceptors makes the server for each test (e.g. {@code EchoAcceptor::create}); must not return null
     * @param <A> the acceptor type
     * @return the extension, to put in a {@code @RegisterExtension} field
     */
    public static <A extends ConnectionAcceptor> InMemoryServerExtension<A> of(Supplier<? extends A> acceptors) {
        return new InMemoryServerExtension<>(Objects.requireNonNull(acceptors, "acceptors"));
    }

    /**
     * Creates and registers the server and the transport.
     *
     * @param context the test's context
     */
    @Override
    public void beforeEach(ExtensionContext context) {
        A a = Objects.requireNonNull(acceptors.get(), "the acceptor supplier returned null");
        URI u = URI.create("ws://dfx-in-memory-" + IDS.incrementAndGet() + ".test/");
        registration = InMemoryRegistry.register(u, a);
        acceptor = a;
        uri = u;
        transport = InMemoryTransport.create();
    }

    /**
     * Closes the transport and removes the registration.
     *
     * @param context the test's context
     * @throws Exception if removing the registration failed
     */
    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        InMemoryTransport t = transport;
        AutoCloseable r = registration;
        transport = null;
        registration = null;
        acceptor = null;
        uri = null;
        try {
            if (t != null) {
                t.close();
            }
        } finally {
            if (r != null) {
                r.close();
            }
        }
    }

    /** @return the current test's server */
    public A acceptor() {
        return require(acceptor);
    }

    /** @return the URI the current test's server is registered under */
    public URI uri() {
        return require(uri);
    }

    /** @return the current test's transport, closed after the test */
    public InMemoryTransport transport() {
        return require(transport);
    }

    /** @return a connect spec for {@link #uri()} with the defaults ({@code json} offered) */
    public ConnectSpec spec() {
        return ConnectSpec.builder(uri()).build();
    }

    private static <T> T require(T value) {
        if (value == null) {
            throw new IllegalStateException("only available while a test runs");
        }
        return value;
    }
}
