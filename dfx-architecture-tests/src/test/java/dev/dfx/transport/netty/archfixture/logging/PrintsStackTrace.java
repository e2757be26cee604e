package dev.dfx.transport.netty.archfixture.logging;

/** Breaks rule 5: calls {@code printStackTrace()}. */
public final class PrintsStackTrace {
    void run(IllegalStateException failure) {
        failure.printStackTrace();
    }
}
