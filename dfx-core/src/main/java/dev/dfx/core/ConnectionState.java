package dev.dfx.core;

/**
 * The life cycle of a {@link DfxClient}'s connection (STYLE.md §4). Read it with {@link DfxClient#state()}; follow
 * it with {@link DfxClient#onConnectionEvent}.
 *
 * <p>Transitions (issue 12: the engine changes state only along this table, states × events; "-" means the event
 * cannot reach that state, "refused" means {@link DfxClient#connect()} fails with {@link IllegalStateException} and
 * the state stays):
 * <table class="striped">
 *   <caption>state × event → next state</caption>
 *   <thead><tr><th>state</th><th>connect()</th><th>socket open, login sent</th><th>logged in</th>
 *     <th>open failed (app's connect)</th><th>dropped, no reconnect</th><th>dropped, reconnect (§6.3)</th>
 *     <th>backoff elapsed</th><th>attempt failed, more left</th><th>give up</th><th>disconnect()/close()</th>
 *     <th>close handshake done</th></tr></thead>
 *   <tbody>
 *   <tr><td>NEW</td><td>CONNECTING</td><td>-</td><td>-</td><td>-</td><td>-</td><td>-</td><td>-</td><td>-</td>
 *     <td>-</td><td>NEW</td><td>-</td></tr>
 *   <tr><td>CONNECTING</td><td>refused</td><td>AUTHENTICATING</td><td>READY</td><td>FAILED</td><td>-</td>
 *     <td>-</td><td>-</td><td>RECONNECTING</td><td>FAILED</td><td>CLOSING</td><td>-</td></tr>
 *   <tr><td>AUTHENTICATING</td><td>refused</td><td>-</td><td>READY</td><td>FAILED</td><td>-</td><td>-</td>
 *     <td>-</td><td>RECONNECTING</td><td>FAILED</td><td>CLOSING</td><td>-</td></tr>
 *   <tr><td>READY</td><td>refused</td><td>-</td><td>-</td><td>-</td><td>CLOSED</td><td>RECONNECTING</td>
 *     <td>-</td><td>-</td><td>-</td><td>CLOSING</td><td>-</td></tr>
 *   <tr><td>RECONNECTING</td><td>refused</td><td>-</td><td>-</td><td>-</td><td>-</td><td>-</td>
 *     <td>CONNECTING</td><td>RECONNECTING</td><td>FAILED</td><td>CLOSED</td><td>-</td></tr>
 *   <tr><td>CLOSING</td><td>refused</td><td>-</td><td>-</td><td>-</td><td>CLOSED</td><td>-</td><td>-</td>
 *     <td>-</td><td>-</td><td>CLOSING</td><td>CLOSED</td></tr>
 *   <tr><td>CLOSED</td><td>CONNECTING</td><td>-</td><td>-</td><td>-</td><td>-</td><td>-</td><td>-</td><td>-</td>
 *     <td>-</td><td>CLOSED</td><td>CLOSED</td></tr>
 *   <tr><td>FAILED</td><td>CONNECTING</td><td>-</td><td>-</td><td>-</td><td>-</td><td>-</td><td>-</td><td>-</td>
 *     <td>-</td><td>FAILED</td><td>FAILED</td></tr>
 *   </tbody>
 * </table>
 * A reconnect attempt (opened from RECONNECTING) goes CONNECTING → AUTHENTICATING → READY, or back to RECONNECTING
 * when it fails and attempts are left (a refused socket, a timed-out or {@code 5xx} re-login), or to FAILED when the
 * policy gives up; it never shows CLOSED or FAILED while the next attempt is scheduled, so a {@code connect()} from
 * the app cannot race it. With header auth (no in-band login) CONNECTING goes to READY directly.
 * {@code CLOSED} and {@code FAILED} are terminal for one connection; {@link DfxClient#connect()} may start a new one
 * from them (and from {@code NEW}) until the client is closed.
 */
public enum ConnectionState {
    /** Built; {@link DfxClient#connect()} was never called. */
    NEW,
    /** The transport is opening the socket. */
    CONNECTING,
    /** The socket is open and the in-band login ({@code 0718}, PROTOCOL.md §1.3 A) awaits its answer. */
    AUTHENTICATING,
    /** Logged in (or header-authenticated): requests and measurements may be sent. */
    READY,
    /**
     * The connection was lost unexpectedly and the {@link ReconnectPolicy} waits before its next attempt. Requests
     * fail fast; measurement streams wait and resume once the client is {@link #READY} again.
     */
    RECONNECTING,
    /** {@link DfxClient#disconnect()} started the close handshake. */
    CLOSING,
    /** The connection closed after it was open (either side, or heartbeat death). */
    CLOSED,
    /** The connection attempt failed before {@link #READY}: refused, timed out, login refused or socket lost. */
    FAILED
}
