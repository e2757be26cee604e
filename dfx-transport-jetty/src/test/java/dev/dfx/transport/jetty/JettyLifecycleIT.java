package dev.dfx.transport.jetty;

import dev.dfx.core.port.Transport;
import dev.dfx.testkit.contract.LifecycleContract;

/** The licence-key-to-results life cycle over Jetty against the fake server on a loopback socket (issue 11). */
// Only the transport under test is supplied here; every test and assertion is inherited from LifecycleContract.
class JettyLifecycleIT extends LifecycleContract {
    @Override
    protected Transport newTransport() {
        return JettyTransport.create();
    }
}
