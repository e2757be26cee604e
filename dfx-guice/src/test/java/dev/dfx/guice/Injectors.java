package dev.dfx.guice;

import com.google.inject.Injector;
import dev.dfx.core.DfxClient;
import dev.dfx.core.port.Transport;

/** Closes what an injector made, in the order DfxModule documents: the client, then the transport. */
final class Injectors {
    private Injectors() {
    }

    static void closeClientThenTransport(Injector injector) {
        try {
            injector.getInstance(DfxClient.class).close();
        } finally {
            injector.getInstance(Transport.class).close();
        }
    }
}
