package dev.dfx.testkit.contract;

import dev.dfx.core.port.Transport;
import dev.dfx.testkit.memory.InMemoryTransport;

/** {@link LifecycleContract} in memory (issue 11). */
class InMemoryLifecycleTest extends LifecycleContract {
    @Override
    protected Transport newTransport() {
        return InMemoryTransport.create();
    }
}
