/**
 * Values of the fake DFX server's scripting and recording API: {@link dev.dfx.testkit.server.Fault} and
 * {@link dev.dfx.testkit.server.FaultSpec} to inject faults, {@link dev.dfx.testkit.server.RecordedFrame} and
 * {@link dev.dfx.testkit.server.MeasurementState} to inspect what happened. Test infrastructure, outside the
 * hexagon's production code; the engine itself lives in {@code dev.dfx.testkit.server.internal}.
 */
package dev.dfx.testkit.server;
