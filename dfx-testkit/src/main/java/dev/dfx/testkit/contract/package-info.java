/**
 * Abstract contract suites that every adapter of a port runs: {@link dev.dfx.testkit.contract.TransportContract} for
 * {@link dev.dfx.core.port.Transport} (docs/style.md §9), with {@link dev.dfx.testkit.contract.RecordingListener}, a
 * listener that records events and checks the listener contract. In {@code src/main} so adapter modules can extend
 * them from their tests; outside the hexagon's production code.
 */
package dev.dfx.testkit.contract;
