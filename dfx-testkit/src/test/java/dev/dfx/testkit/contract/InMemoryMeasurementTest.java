package dev.dfx.testkit.contract;

import dev.dfx.core.port.Transport;
import dev.dfx.testkit.memory.InMemoryTransport;

/** The end-to-end measurement suite in memory: client, fake server, no network (issue 2). */
// Only the transport under test is supplied here; every test and assertion is inherited from MeasurementContract.
class InMemoryMeasurementTest extends MeasurementContract {
    @Override
    protected Transport newTransport() {
        return InMemoryTransport.create();
    }
}
