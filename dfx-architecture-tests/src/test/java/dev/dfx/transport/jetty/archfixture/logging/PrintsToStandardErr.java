package dev.dfx.transport.jetty.archfixture.logging;

/** Breaks rule 5: prints to {@code System.err}. */
public final class PrintsToStandardErr {
    void run() {
        System.err.println("failed");
    }
}
