package dev.dfx.transport.jetty.archfixture;

/** Architecture-test fixture: a class that stands for module {@code dfx-transport-jetty}, as a dependency target. */
public final class JettyMarker {
}
