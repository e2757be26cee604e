package dev.dfx.transport.netty;

import dev.dfx.core.port.Transport;
import dev.dfx.testkit.contract.FaultMatrixContract;
import org.junit.jupiter.api.extension.ExtendWith;

/** The fault matrix over Netty against the fake server on a real loopback socket (issue 7). */
// Only the transport under test is supplied here; every test and assertion is inherited from FaultMatrixContract.
@ExtendWith(LeakDetectionExtension.class)
class NettyFaultMatrixIT extends FaultMatrixContract {
    @Override
    protected Transport newTransport() {
        return NettyTransport.create();
    }

    @Override
    protected String transportName() {
        return "netty";
    }
}
