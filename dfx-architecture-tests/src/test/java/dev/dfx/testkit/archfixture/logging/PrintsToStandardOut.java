package dev.dfx.testkit.archfixture.logging;

/** Breaks rule 5: prints to {@code System.out}. */
public final class PrintsToStandardOut {
    void run() {
        System.out.println("connected");
    }
}
