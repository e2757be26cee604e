package dev.dfx.transport.jetty;

import dev.dfx.core.port.Transport;
import dev.dfx.testkit.contract.TransportContract;

/** Runs the shared {@link TransportContract} against {@link JettyTransport} with its own Jetty client. */
// Only the transport under test is supplied here; every test and assertion is inherited from TransportContract.
class JettyTransportContractTest extends TransportContract {

    @Override
    protected Transport newTransport() {
        return JettyTransport.create();
    }
}
