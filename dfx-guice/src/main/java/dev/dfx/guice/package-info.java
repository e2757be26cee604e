/**
 * Guice wiring for the DFX client (docs/style.md §7). {@link dev.dfx.guice.DfxModule} binds
 * {@link dev.dfx.core.DfxClient} through the same plain builder the Guice-free path uses; the driven adapters come
 * from their own jars' modules ({@code JacksonCodecModule} for the {@link dev.dfx.core.port.BodyCodec} port, exactly
 * one of {@code JettyTransportModule} or {@code NettyTransportModule} for the {@link dev.dfx.core.port.Transport}
 * port). This package sits outside the hexagon: it only assembles it, and the core never sees Guice.
 */
package dev.dfx.guice;
