package dev.dfx.guice.archfixture.modules;

import dev.dfx.transport.jetty.archfixture.JettyMarker;

/** Breaks rule 2: dfx-guice depends on a transport. */
public final class GuiceUsingJetty {
    JettyMarker dependency;
}
