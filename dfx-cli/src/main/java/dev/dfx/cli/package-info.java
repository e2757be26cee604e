/**
 * The {@code dfx} command line: a driver on top of the library (DfxClient, the transports and the fake server). It
 * adds no protocol logic of its own.
 */
package dev.dfx.cli;
