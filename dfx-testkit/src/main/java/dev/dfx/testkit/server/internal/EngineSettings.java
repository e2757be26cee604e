package dev.dfx.testkit.server.internal;

import dev.dfx.core.port.BodyCodec;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Set;

/**
 * The engine's configuration, validated by the server's builder. {@link #toString()} hides the tokens.
 *
 * @param tokens valid tokens
 * @param measurements measurement ids known at start
 * @param acceptAnyMeasurement true: an unknown measurement id is created on first use
 * @param rateLimit true: enforce the real-time rule (PROTOCOL.md §4.3)
 * @param rateAllowance how far chunk time may run ahead of real time
 * @param maxMeasurementDuration the longest measurement (PROTOCOL.md §4.3, Q10)
 * @param resultDelay delay between a chunk's ack and its result
 * @param pingInterval server ping interval; zero disables
 * @param idleTimeout close after this long without a frame or pong; zero disables
 * @param clock the time source
 * @param codec the body codec
 * @param accounts licences, users, studies and token lifetimes
 */
public record EngineSettings(Set<String> tokens, Set<String> measurements, boolean acceptAnyMeasurement,
                             boolean rateLimit, Duration rateAllowance, Duration maxMeasurementDuration,
                             Duration resultDelay, Duration pingInterval, Duration idleTimeout, InstantSource clock,
                             BodyCodec codec, AccountSettings accounts) {
    /** Copies and checks for nulls. */
    public EngineSettings {
        tokens = Set.copyOf(tokens);
        measurements = Set.copyOf(measurements);
        Objects.requireNonNull(rateAllowance, "rateAllowance");
        Objects.requireNonNull(maxMeasurementDuration, "maxMeasurementDuration");
        Objects.requireNonNull(resultDelay, "resultDelay");
        Objects.requireNonNull(pingInterval, "pingInterval");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(accounts, "accounts");
    }

    @Override
    public String toString() {
        return "EngineSettings[tokens=<" + tokens.size() + " hidden>, measurements=" + measurements
                + ", acceptAnyMeasurement=" + acceptAnyMeasurement + ", rateLimit=" + rateLimit + ", rateAllowance="
                + rateAllowance + ", maxMeasurementDuration=" + maxMeasurementDuration + ", resultDelay="
                + resultDelay + ", pingInterval=" + pingInterval + ", idleTimeout=" + idleTimeout + ", " + accounts
                + "]";
    }
}
