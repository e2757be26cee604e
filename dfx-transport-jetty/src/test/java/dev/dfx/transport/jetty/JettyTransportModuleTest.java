package dev.dfx.transport.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.dfx.core.port.Transport;
import org.junit.jupiter.api.Test;

/** Guice wiring of the Jetty transport. */
class JettyTransportModuleTest {

    @Test
    void module_bindsTransportToOneJettyTransportPerInjector() {
        Injector injector = Guice.createInjector(new JettyTransportModule());

        Transport first = injector.getInstance(Transport.class);
        Transport second = injector.getInstance(Transport.class);
        try {
            assertThat(first).isInstanceOf(JettyTransport.class).isSameAs(second);
        } finally {
            first.close();
        }
    }

    @Test
    void twoInjectors_getTwoTransports() {
        Transport a = Guice.createInjector(new JettyTransportModule()).getInstance(Transport.class);
        Transport b = Guice.createInjector(new JettyTransportModule()).getInstance(Transport.class);
        try {
            assertThat(a).isNotSameAs(b);
        } finally {
            a.close();
            b.close();
        }
    }
}
