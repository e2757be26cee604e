package dev.dfx.testkit.archfixture;

/** Architecture-test fixture: a class that stands for module {@code dfx-testkit}, as a dependency target. */
public final class TestkitMarker {
}
