package dev.dfx.transport.jetty;

import dev.dfx.core.port.Transport;
import dev.dfx.testkit.contract.TransportContract;

/** Runs the shared {@link TransportContract} against {@link JettyTransport} with its own Jetty client. */
class JettyTransportContractTest extends TransportContract {

    @Override
    protected Transport newTransport() {
        return JettyTransport.create();
    }
}
