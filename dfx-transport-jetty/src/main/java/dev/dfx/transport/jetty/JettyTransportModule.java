package dev.dfx.transport.jetty;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.dfx.core.port.Transport;

/**
 * Guice wiring for the Jetty transport (docs/style.md §7): binds {@link Transport} to one {@link JettyTransport#create()}
 * per injector, through the same factory the plain builder path uses. Guice is an optional dependency of this jar;
 * only this class touches it.
 *
 * <p>Installing two transport modules (for example this one and the Netty one) fails at injector creation with a
 * duplicate binding of {@link Transport}: swapping transports means swapping one module. The injector's owner closes
 * the transport ({@code injector.getInstance(Transport.class).close()}) when the application stops.
 */
public final class JettyTransportModule extends AbstractModule {

    /** Creates the module. */
    public JettyTransportModule() {
        // no state
    }

    /**
     * @return the injector's one Jetty transport, owning its Jetty client
     */
    @Provides
    @Singleton
    Transport transport() {
        return JettyTransport.create();
    }
}
