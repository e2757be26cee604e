package dev.dfx.testkit.contract;

import dev.dfx.core.port.Transport;
import dev.dfx.testkit.memory.InMemoryTransport;

/** The transport contract against the in-memory transport: it proves the suite itself (docs/style.md §9, issue 3). */
// Only the transport under test is supplied here; every test and assertion is inherited from TransportContract.
class InMemoryTransportContractTest extends TransportContract {
    @Override
    protected Transport newTransport() {
        return InMemoryTransport.create();
    }
}
