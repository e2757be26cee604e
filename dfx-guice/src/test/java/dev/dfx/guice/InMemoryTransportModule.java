package dev.dfx.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.dfx.core.port.Transport;
import dev.dfx.testkit.memory.InMemoryTransport;

/**
 * Test wiring of the testkit's in-memory transport: swapped in for a real transport module with
 * {@code Modules.override(...).with(new InMemoryTransportModule())} (docs/style.md §7).
 */
final class InMemoryTransportModule extends AbstractModule {
    @Provides
    @Singleton
    Transport transport() {
        return InMemoryTransport.create();
    }
}
