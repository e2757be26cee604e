package dev.dfx.guice.archfixture.logging;

import java.util.logging.Level;
import java.util.logging.Logger;

/** Breaks rule 5: logs through {@code java.util.logging}. */
public final class UsesJavaUtilLogging {
    private static final Logger LOG = Logger.getLogger(UsesJavaUtilLogging.class.getName());

    void run() {
        LOG.log(Level.INFO, "connected");
    }
}
