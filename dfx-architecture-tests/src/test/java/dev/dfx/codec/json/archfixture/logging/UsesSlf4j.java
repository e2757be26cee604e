package dev.dfx.codec.json.archfixture.logging;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Breaks rule 5: logs through the SLF4J API instead of {@code System.Logger}. */
public final class UsesSlf4j {
    private static final Logger LOG = LoggerFactory.getLogger(UsesSlf4j.class);

    void run() {
        LOG.info("connected");
    }
}
