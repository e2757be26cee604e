package dev.dfx.testkit.server;

import dev.dfx.testkit.FakeDfxServer;
import dev.dfx.testkit.ManualClock;
import dev.dfx.testkit.server.WireClient.Wire;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;

/**
 * One fake server and one raw client per test, in memory or on a loopback socket, on a manual clock with rate limit,
 * idle timeout and pings off; both closed after the test. The base of the server tests that speak frames directly.
 */
abstract class WireFixture {
    final ManualClock clock = ManualClock.create();
    FakeDfxServer server;
    WireClient client;

    @AfterEach
    void closeWire() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /**
     * @param wire in memory or a socket
     * @param config more server settings, applied after the fixture's
     * @return the connected client (also in {@link #client})
     */
    WireClient startWire(Wire wire, Consumer<FakeDfxServer.Builder> config) {
        server = WireClient.start(wire, b -> config.accept(b.clock(clock).rateLimit(false).idleTimeout(Duration.ZERO)
                .pingInterval(Duration.ZERO)));
        client = WireClient.connect(wire, server);
        return client;
    }
}
