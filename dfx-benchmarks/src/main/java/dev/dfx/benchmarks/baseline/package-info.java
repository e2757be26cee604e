/**
 * The floor that the SDK's load figures are compared with (issue 14):
 * {@link dev.dfx.benchmarks.baseline.BaselineClient}, the leanest client that does a measurement stream's job on
 * Netty with none of the SDK (log in, subscribe, then per chunk: JSON body with JDK base64, 14-byte frame header,
 * write, read the ack), and {@link dev.dfx.benchmarks.baseline.ProcessMeter}, the process CPU time, GC time and
 * allocated bytes that both the baseline and {@code dfx bench} report. Outside the hexagon: a tool that nothing in
 * the library depends on; it deliberately reuses no SDK class, so its cost is Netty's and the JDK's only.
 */
package dev.dfx.benchmarks.baseline;
