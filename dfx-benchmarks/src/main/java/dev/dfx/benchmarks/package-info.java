/**
 * JMH benchmarks of the frame and body codec (outside the hexagon: a tool module that nothing in the library
 * depends on). {@link dev.dfx.benchmarks.AddDataEncodeBenchmark} measures the request frame of an AddData chunk
 * against raw base64 of the same payload, {@link dev.dfx.benchmarks.ResponseDecodeBenchmark} the decoding of an ack
 * and of a result, and {@link dev.dfx.benchmarks.BenchmarkReport} turns JMH's JSON results into the ratios that
 * {@code BENCHMARKS.md} reports. Run with {@code java -jar dfx-benchmarks/target/dfx-benchmarks.jar -prof gc}.
 */
package dev.dfx.benchmarks;
