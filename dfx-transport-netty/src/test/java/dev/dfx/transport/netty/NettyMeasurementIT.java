package dev.dfx.transport.netty;

import dev.dfx.core.port.Transport;
import dev.dfx.testkit.contract.MeasurementContract;

/** The end-to-end measurement suite over Netty against the fake server on a real loopback socket (issue 4). */
class NettyMeasurementIT extends MeasurementContract {
    @Override
    protected Transport newTransport() {
        return NettyTransport.create();
    }
}
