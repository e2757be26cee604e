package dev.dfx.core.archfixture;

/** Architecture-test fixture: a class that stands for module {@code dfx-core}, as a dependency target. */
public final class CoreMarker {
}
