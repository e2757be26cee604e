package dev.dfx.core.internal.archfixture;

/** Architecture-test fixture: stands for a class in core's internal package. */
public final class CoreInternalHelper {
    /** Does nothing. */
    public static void help() {
    }
}
