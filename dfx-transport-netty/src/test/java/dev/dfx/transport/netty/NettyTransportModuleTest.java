package dev.dfx.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.dfx.core.port.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link NettyTransportModule} binds one {@link NettyTransport} per injector. */
@ExtendWith(LeakDetectionExtension.class)
class NettyTransportModuleTest {

    @Test
    void module_bindsTransportToOneNettyTransport() {
        Injector injector = Guice.createInjector(new NettyTransportModule());

        try (Transport transport = injector.getInstance(Transport.class)) {
            assertThat(transport).isInstanceOf(NettyTransport.class);
            assertThat(injector.getInstance(Transport.class)).isSameAs(transport);
        }
    }
}
