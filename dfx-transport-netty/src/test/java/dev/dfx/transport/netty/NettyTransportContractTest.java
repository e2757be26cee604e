package dev.dfx.transport.netty;

import dev.dfx.core.port.Transport;
import org.junit.jupiter.api.extension.ExtendWith;
import dev.dfx.testkit.contract.TransportContract;

/** The shared transport contract against Netty, over real loopback sockets (issue 4). Runs with
 * paranoid leak detection; a leak report fails the test. */
// Only the transport under test is supplied here; every test and assertion is inherited from TransportContract.
@ExtendWith(LeakDetectionExtension.class)
class NettyTransportContractTest extends TransportContract {
    @Override
    protected Transport newTransport() {
        return NettyTransport.create();
    }
}
