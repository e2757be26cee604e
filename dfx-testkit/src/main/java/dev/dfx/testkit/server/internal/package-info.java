/**
 * The fake DFX server's protocol engine: connections, measurements, synthetic results, faults and recording. Used
 * by {@link dev.dfx.testkit.FakeDfxServer}; internal, with no compatibility promise, and no other package may use it.
 */
package dev.dfx.testkit.server.internal;
