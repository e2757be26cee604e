package dev.dfx.testkit;

import java.util.Objects;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that starts a {@link FakeDfxServer} and stops it afterwards.
 *
 * <ul>
 *   <li>Registered on a {@code static} field ({@code @RegisterExtension static}) or with {@code @ExtendWith}: one
 *       server for the whole test class.</li>
 *   <li>Registered on an instance field: a fresh server for each test method.</li>
 * </ul>
 * Test methods and constructors can take a {@link FakeDfxServer} parameter. By default the server listens on a
 * loopback socket (port 0), so {@link FakeDfxServer#uri()} works with every transport, in memory included.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final FakeDfxServerExtension DFX = FakeDfxServerExtension.withServer(b -> b.tokens("t"));
 * }</pre>
 *
 * Thread-safe for JUnit's use; not meant to be shared between test classes.
 */
public final class FakeDfxServerExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, ParameterResolver {
    private final Consumer<FakeDfxServer.Builder> configure;
    private volatile FakeDfxServer server;
    private volatile boolean classScoped;

    /** For {@code @ExtendWith}: a socket server with the default settings (token {@code test-token}). */
    public FakeDfxServerExtension() {
        this(b -> { });
    }

    private FakeDfxServerExtension(Consumer<FakeDfxServer.Builder> configure) {
        this.configure = configure;
    }

    /**
     * @param configure adjusts the builder (tokens, measurements, rate rule, ...); socket mode is already set
     * @return an extension starting a server configured that way
     */
    public static FakeDfxServerExtension withServer(Consumer<FakeDfxServer.Builder> configure) {
        return new FakeDfxServerExtension(Objects.requireNonNull(configure, "configure"));
    }

    /**
     * @return the running server
     * @throws IllegalStateException outside a test's lifetime
     */
    public FakeDfxServer server() {
        FakeDfxServer s = server;
        if (s == null) {
            throw new IllegalStateException("no server is running: use it inside a test");
        }
        return s;
    }

    private void start() {
        FakeDfxServer.Builder b = FakeDfxServer.builder().socket(0);
        configure.accept(b);
        server = b.build().start();
    }

    private void stop() {
        FakeDfxServer s = server;
        server = null;
        if (s != null) {
            s.close();
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        classScoped = true;
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!classScoped) {
            start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!classScoped) {
            stop();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == FakeDfxServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return server();
    }
}
