package dev.dfx.transport.netty;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.dfx.core.port.Transport;

/**
 * Guice wiring for the Netty transport (docs/style.md §7): binds {@link Transport} to one {@link NettyTransport} per
 * injector, made by the same {@link NettyTransport#create()} factory the plain builder path uses. Guice is an
 * optional dependency of this jar; only this class touches it.
 *
 * <p>Install exactly one transport module; swapping to Jetty is replacing this module with
 * {@code JettyTransportModule}. The transport is a singleton that the client (or you) must close.
 */
public final class NettyTransportModule extends AbstractModule {

    /** Creates the module. */
    public NettyTransportModule() {
    }

    /**
     * @return the injector's one Netty transport, with its own event-loop group
     */
    @Provides
    @Singleton
    Transport transport() {
        return NettyTransport.create();
    }
}
