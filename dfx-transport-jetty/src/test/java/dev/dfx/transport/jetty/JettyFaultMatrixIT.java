package dev.dfx.transport.jetty;

import dev.dfx.core.port.Transport;
import dev.dfx.testkit.contract.FaultMatrixContract;

/** The fault matrix over Jetty against the fake server on a real loopback socket (issue 7). */
// Only the transport under test is supplied here; every test and assertion is inherited from FaultMatrixContract.
class JettyFaultMatrixIT extends FaultMatrixContract {
    @Override
    protected Transport newTransport() {
        return JettyTransport.create();
    }

    @Override
    protected String transportName() {
        return "jetty";
    }
}
