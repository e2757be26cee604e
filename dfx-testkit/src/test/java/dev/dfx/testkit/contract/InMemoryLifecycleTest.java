package dev.dfx.testkit.contract;

import dev.dfx.core.port.Transport;
import dev.dfx.testkit.memory.InMemoryTransport;

/** {@link LifecycleContract} in memory (issue 11); the assertions live in the contract, this class supplies the transport. */
class InMemoryLifecycleTest extends LifecycleContract {
    @Override
    protected Transport newTransport() {
        return InMemoryTransport.create();
    }
}
