package dev.dfx.transport.netty;

import dev.dfx.core.port.Transport;
import dev.dfx.testkit.contract.LifecycleContract;
import org.junit.jupiter.api.extension.ExtendWith;

/** The licence-key-to-results life cycle over Netty against the fake server on a loopback socket (issue 11). */
// Only the transport under test is supplied here; every test and assertion is inherited from LifecycleContract.
@ExtendWith(LeakDetectionExtension.class)
class NettyLifecycleIT extends LifecycleContract {
    @Override
    protected Transport newTransport() {
        return NettyTransport.create();
    }
}
