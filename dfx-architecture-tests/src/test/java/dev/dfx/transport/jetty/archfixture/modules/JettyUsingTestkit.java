package dev.dfx.transport.jetty.archfixture.modules;

import dev.dfx.testkit.archfixture.TestkitMarker;

/** Breaks rule 2: the Jetty transport depends on the testkit in main code. */
public final class JettyUsingTestkit {
    TestkitMarker dependency;
}
