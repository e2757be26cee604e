/**
 * Runnable examples of the library, compiled and run by {@code mvn verify} (their tests run them against the fake
 * server): {@link dev.dfx.examples.Kiosk} (one measurement with results, surviving a reconnect; the README's
 * snippet), {@link dev.dfx.examples.Gateway} (many devices' measurements over one Netty transport) and
 * {@link dev.dfx.examples.PrintingResultSubscriber} (prints the values of each result). Not a library: not
 * published.
 */
package dev.dfx.examples;
