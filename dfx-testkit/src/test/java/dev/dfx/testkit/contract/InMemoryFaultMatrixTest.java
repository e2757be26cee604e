package dev.dfx.testkit.contract;

import dev.dfx.core.port.Transport;
import dev.dfx.testkit.memory.InMemoryTransport;

/** The fault matrix in memory (issue 7). */
// Only the transport under test is supplied here; every test and assertion is inherited from FaultMatrixContract.
class InMemoryFaultMatrixTest extends FaultMatrixContract {
    @Override
    protected Transport newTransport() {
        return InMemoryTransport.create();
    }

    @Override
    protected String transportName() {
        return "memory";
    }
}
