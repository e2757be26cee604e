/**
 * dfx-testkit: test infrastructure around the hexagon. {@link dev.dfx.testkit.FakeDfxServer} is a fake DFX server
 * (one protocol engine, reachable in memory and over a real loopback socket) with recording and fault injection;
 * {@link dev.dfx.testkit.ManualClock} drives time in tests. Contract suites every adapter runs live in
 * {@code dev.dfx.testkit.contract}.
 */
package dev.dfx.testkit;
