package dev.dfx.transport.jetty;

import dev.dfx.core.port.Transport;
import dev.dfx.testkit.contract.MeasurementContract;

/** The end-to-end measurement suite over Jetty against the fake server on a real loopback socket (issue 3). */
// Only the transport under test is supplied here; every test and assertion is inherited from MeasurementContract.
class JettyMeasurementIT extends MeasurementContract {
    @Override
    protected Transport newTransport() {
        return JettyTransport.create();
    }
}
