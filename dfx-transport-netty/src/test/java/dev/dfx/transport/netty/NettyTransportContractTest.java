package dev.dfx.transport.netty;

import dev.dfx.core.port.Transport;
import dev.dfx.testkit.contract.TransportContract;

/** The shared transport contract against Netty, over real loopback sockets (issue 4). */
class NettyTransportContractTest extends TransportContract {
    @Override
    protected Transport newTransport() {
        return NettyTransport.create();
    }
}
