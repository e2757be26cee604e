package dev.dfx.guice.archfixture;

/** Architecture-test fixture: a class that stands for module {@code dfx-guice}, as a dependency target. */
public final class GuiceMarker {
}
