package dev.dfx.transport.netty;

import dev.dfx.core.port.Transport;
import org.junit.jupiter.api.extension.ExtendWith;
import dev.dfx.testkit.contract.MeasurementContract;

/** The end-to-end measurement suite over Netty against the fake server on a real loopback socket (issue 4). Runs with
 * paranoid leak detection; a leak report fails the test. */
// Only the transport under test is supplied here; every test and assertion is inherited from MeasurementContract.
@ExtendWith(LeakDetectionExtension.class)
class NettyMeasurementIT extends MeasurementContract {
    @Override
    protected Transport newTransport() {
        return NettyTransport.create();
    }
}
