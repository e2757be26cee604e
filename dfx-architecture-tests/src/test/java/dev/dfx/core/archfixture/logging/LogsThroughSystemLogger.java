package dev.dfx.core.archfixture.logging;

/** Keeps rule 5: logs through {@code System.Logger}, one logger per class. */
public final class LogsThroughSystemLogger {
    private static final System.Logger LOG = System.getLogger(LogsThroughSystemLogger.class.getName());

    void run() {
        LOG.log(System.Logger.Level.INFO, "connected");
    }
}
