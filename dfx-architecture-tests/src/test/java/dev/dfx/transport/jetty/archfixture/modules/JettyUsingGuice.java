package dev.dfx.transport.jetty.archfixture.modules;

import dev.dfx.guice.archfixture.GuiceMarker;

/** Breaks rule 2: the Jetty transport depends on dfx-guice. */
public final class JettyUsingGuice {
    GuiceMarker dependency;
}
