/**
 * Results as people read them (docs/protocol.md §5.3): real values ({@code Data / Multiplier}, Multiplier 1 when absent),
 * a catalogue of the known points (name, unit, group, when they first appear), and the opt-in SNR quality gate of
 * §5.3. Pure functions and small values over {@link dev.dfx.core.body.MeasurementResult}; part of the hexagon's core,
 * java.base only.
 */
package dev.dfx.core.result;
