/**
 * Measurement rules as pure state machines (docs/protocol.md §4): the chunk sequencer and the real-time rate limiter.
 * Part of the hexagon's core.
 */
package dev.dfx.core.measurement;
