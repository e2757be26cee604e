package dev.dfx.testkit.memory;

import dev.dfx.testkit.wire.ConnectionAcceptor;
import dev.dfx.testkit.wire.HandshakeDecision;
import dev.dfx.testkit.wire.HandshakeRequest;
import dev.dfx.testkit.wire.PeerChannel;
import dev.dfx.testkit.wire.ServerConnection;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A plain WebSocket test server for transport-level tests: it knows nothing of DFX frames. It echoes every binary
 * and text frame back to the client that sent it, answers every ping with a pong carrying the same payload, and can
 * be scripted, for the handshake when it is created and for each connection by text commands. The same acceptor
 * serves the in-memory transport (register it in {@link dev.dfx.testkit.wire.InMemoryRegistry}) and any socket front
 * end that drives a {@link ConnectionAcceptor}, so one contract test runs over both.
 *
 * <h2>Handshake</h2>
 * <ul>
 *   <li>{@link #create()}: accept, selecting {@code json} if offered, else the first offered subprotocol, else
 *       none;</li>
 *   <li>{@link #rejecting(int)}: answer the upgrade with that HTTP status;</li>
 *   <li>{@link #selecting(String)} / {@link #withoutSubprotocol()}: accept, selecting exactly that subprotocol
 *       (whether offered or not), or none: the "no json subprotocol" fault;</li>
 *   <li>{@link #stalling()}: never answer, so the client's connect timeout must fire.</li>
 * </ul>
 *
 * <h2>Command language</h2>
 * A frame whose content starts with {@value #COMMAND_PREFIX} is a command for this server, not data, and is not
 * echoed: a text frame, or a binary frame whose bytes are that ASCII text (the client port,
 * {@link dev.dfx.core.port.Connection}, sends only binary frames, so this is how a transport test sends commands).
 * Echoed test data must therefore not start with those four bytes; DFX frames never do (they start with a 4-digit
 * action id, PROTOCOL.md §2.1). Words are separated by single spaces; the rest of the line after the last fixed word is the reason or
 * payload. Commands act on the connection that sent them:
 * <table>
 *   <caption>Commands</caption>
 *   <tr><th>command</th><th>effect</th></tr>
 *   <tr><td>{@code cmd:close CODE [REASON]}</td><td>close now with that code and reason (may be empty)</td></tr>
 *   <tr><td>{@code cmd:abort}</td><td>drop the connection now, with no close frame (client sees 1006)</td></tr>
 *   <tr><td>{@code cmd:close-after-next CODE [REASON]}</td><td>echo the next data frame, then close with that code
 *       and reason</td></tr>
 *   <tr><td>{@code cmd:abort-after-next}</td><td>echo the next data frame, then drop the connection</td></tr>
 *   <tr><td>{@code cmd:send COUNT SIZE}</td><td>send COUNT binary frames of SIZE bytes each, frame {@code k} being
 *       {@link #patternFrame(int, int) patternFrame(k, SIZE)}, for k from 0</td></tr>
 *   <tr><td>{@code cmd:ping [PAYLOAD]}</td><td>ping the client with PAYLOAD's UTF-8 bytes (at most 125); its pong
 *       shows up in {@link #takePong(Duration)}</td></tr>
 *   <tr><td>{@code cmd:no-pong}</td><td>stop answering this connection's pings (a silent peer)</td></tr>
 *   <tr><td>{@code cmd:pong}</td><td>answer pings again</td></tr>
 * </table>
 * A data frame is any frame that is not a command. An unknown or malformed command is
 * answered with a text frame {@code "cmd-error: ..."} and the connection stays open.
 *
 * <h2>Observing and acting as the server</h2>
 * {@link #accepted()} counts accepted connections; {@link #takeHandshake(Duration)}, {@link #takeClosed(Duration)}
 * and {@link #takePong(Duration)} read, with a bound, what the server saw, over all its connections, in order.
 * {@link #takeAccepted(Duration)} hands over each accepted connection's {@link ServerSide}, through which a test acts
 * as the server (push frames, close, drop, stop echoing) and sees how that connection ended; {@link #nextHandshake}
 * scripts the next upgrade only. This is the one echo server of the testkit: the transport contract suite
 * ({@code contract.TransportContract}) uses it too, over a real socket front end.
 *
 * <p>Thread-safe. Each connection's state is touched only by that connection's serial callbacks.
 */
public final class EchoAcceptor implements ConnectionAcceptor {
    /** The prefix that makes a text frame a command. */
    public static final String COMMAND_PREFIX = "cmd:";
    /** The prefix of the text frame that answers a bad command. */
    public static final String ERROR_PREFIX = "cmd-error: ";
    private static final System.Logger LOG = System.getLogger(EchoAcceptor.class.getName());
    private static final String DEFAULT_SUBPROTOCOL = "json";
    private static final byte[] COMMAND_BYTES = COMMAND_PREFIX.getBytes(StandardCharsets.US_ASCII);

    /** What the server saw when one of its connections ended. */
    public record Closed(int code, String reason) {
        /** Checks the reason is not null. */
        public Closed {
            Objects.requireNonNull(reason, "reason");
        }
    }

    private enum Mode { NEGOTIATE, FIXED, REJECT, STALL }

    private final Mode mode;
    private final String fixedSubprotocol;
    private final int status;
    private final AtomicInteger accepted = new AtomicInteger();
    private final BlockingQueue<HandshakeRequest> handshakes = new LinkedBlockingQueue<>();
    private final BlockingQueue<Closed> closes = new LinkedBlockingQueue<>();
    private final BlockingQueue<ByteBuffer> pongs = new LinkedBlockingQueue<>();
    private final BlockingQueue<ServerSide> acceptedSides = new LinkedBlockingQueue<>();
    private final AtomicReference<HandshakeDecision> nextHandshake = new AtomicReference<>();

    private EchoAcceptor(Mode mode, String fixedSubprotocol, int status) {
        this.mode = mode;
        this.fixedSubprotocol = fixedSubprotocol;
        this.status = status;
    }

    /** @return an echo server that accepts every upgrade, selecting {@code json} when offered */
    public static EchoAcceptor create() {
        return new EchoAcceptor(Mode.NEGOTIATE, null, 101);
    }

    /**
     * @param status the HTTP status to refuse upgrades with, 400 to 599 (e.g. 401, 404)
     * @return an echo server that refuses every upgrade
     * @throws IllegalArgumentException if the status is not an HTTP error status
     */
    public static EchoAcceptor rejecting(int status) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status must be 400-599, got " + status);
        }
        return new EchoAcceptor(Mode.REJECT, null, status);
    }

    /**
     * @param subprotocol the subprotocol to select, whatever the client offered, or null to select none
     * @return an echo server that accepts every upgrade with that subprotocol
     */
    public static EchoAcceptor selecting(String subprotocol) {
        return new EchoAcceptor(Mode.FIXED, subprotocol, 101);
    }

    /** @return an echo server that accepts upgrades but selects no subprotocol (the "no json" fault) */
    public static EchoAcceptor withoutSubprotocol() {
        return selecting(null);
    }

    /** @return a server that reads each upgrade request and never answers it */
    public static EchoAcceptor stalling() {
        return new EchoAcceptor(Mode.STALL, null, 0);
    }

    /**
     * The frame {@code cmd:send} sends as its {@code index}-th frame: byte {@code i} is {@code (index + i) & 0xFF},
     * except that a frame of 4 bytes or more starts with {@code index} as a big-endian int, so that frames can be
     * told apart and checked for order.
     *
     * @param index the frame's 0-based index, 0 or more
     * @param size its length in bytes, 0 or more
     * @return a new read-only buffer of that frame
     * @throws IllegalArgumentException if an argument is negative
     */
    public static ByteBuffer patternFrame(int index, int size) {
        if (index < 0) {
            throw new IllegalArgumentException("index must be 0 or more, got " + index);
        }
        if (size < 0) {
            throw new IllegalArgumentException("size must be 0 or more, got " + size);
        }
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (index + i);
        }
        ByteBuffer frame = ByteBuffer.wrap(bytes);
        if (size >= Integer.BYTES) {
            frame.putInt(0, index);
        }
        return frame.asReadOnlyBuffer();
    }

    /**
     * Scripts the next upgrade only; later ones follow this server's mode again.
     *
     * @param decision how to answer the next upgrade
     */
    public void nextHandshake(HandshakeDecision decision) {
        nextHandshake.set(Objects.requireNonNull(decision, "decision"));
    }

    /** Forgets what earlier tests left: a scripted handshake and everything not yet taken. */
    public void reset() {
        nextHandshake.set(null);
        acceptedSides.clear();
        handshakes.clear();
        closes.clear();
        pongs.clear();
    }

    /**
     * @param timeout how long to wait
     * @return the server side of the next accepted connection, in accept order
     * @throws AssertionError if none came within the timeout, or the wait was interrupted (the thread's interrupt
     *     flag is then set again)
     */
    public ServerSide takeAccepted(Duration timeout) {
        try {
            return take(acceptedSides, timeout, "an accepted connection");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for an accepted connection", e);
        }
    }

    @Override
    public HandshakeDecision handshake(HandshakeRequest request) {
        Objects.requireNonNull(request, "request");
        handshakes.add(request);
        HandshakeDecision scripted = nextHandshake.getAndSet(null);
        if (scripted != null) {
            return scripted;
        }
        switch (mode) {
            case REJECT:
                return HandshakeDecision.reject(status);
            case STALL:
                return HandshakeDecision.stall();
            case FIXED:
                return HandshakeDecision.accept(fixedSubprotocol);
            case NEGOTIATE:
            default:
                if (request.subprotocols().contains(DEFAULT_SUBPROTOCOL)) {
                    return HandshakeDecision.accept(DEFAULT_SUBPROTOCOL);
                }
                return HandshakeDecision.accept(request.subprotocols().isEmpty() ? null
                        : request.subprotocols().get(0));
        }
    }

    @Override
    public ServerConnection accept(HandshakeRequest request, PeerChannel peer) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(peer, "peer");
        accepted.incrementAndGet();
        ServerSide side = new ServerSide(request, peer);
        acceptedSides.add(side);
        return side;
    }

    /** @return how many connections this server accepted so far */
    public int accepted() {
        return accepted.get();
    }

    /**
     * @param timeout how long to wait
     * @return the next upgrade request this server saw (accepted, rejected or stalled), in order
     * @throws AssertionError if none came within the timeout
     * @throws InterruptedException if interrupted while waiting
     */
    public HandshakeRequest takeHandshake(Duration timeout) throws InterruptedException {
        return take(handshakes, timeout, "an upgrade request");
    }

    /**
     * @param timeout how long to wait
     * @return the next server-side end of a connection (code 1006 for an abrupt drop), in order
     * @throws AssertionError if none came within the timeout
     * @throws InterruptedException if interrupted while waiting
     */
    public Closed takeClosed(Duration timeout) throws InterruptedException {
        return take(closes, timeout, "a closed connection");
    }

    /**
     * @param timeout how long to wait
     * @return the payload of the next pong a client sent (read-only)
     * @throws AssertionError if none came within the timeout
     * @throws InterruptedException if interrupted while waiting
     */
    public ByteBuffer takePong(Duration timeout) throws InterruptedException {
        return take(pongs, timeout, "a pong");
    }

    private static <T> T take(BlockingQueue<T> queue, Duration timeout, String what) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        T value = queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (value == null) {
            throw new AssertionError("echo server saw no " + what + " within " + timeout.toMillis() + " ms");
        }
        return value;
    }

    @Override
    public String toString() {
        return "EchoAcceptor[mode=" + mode + ", accepted=" + accepted.get() + "]";
    }

    /**
     * The server's end of one connection: it echoes and obeys commands, and lets a test act as the server. Its
     * callbacks arrive serially (ServerConnection contract); the accessors are thread-safe.
     */
    public final class ServerSide implements ServerConnection {
        private final HandshakeRequest request;
        private final PeerChannel peer;
        private final CompletableFuture<Closed> closed = new CompletableFuture<>();
        private final AtomicInteger binaryFrames = new AtomicInteger();
        private volatile boolean echo = true;
        /** What to do after echoing the next data frame, or null. */
        private Runnable afterNext;
        private volatile boolean answerPings = true;

        ServerSide(HandshakeRequest request, PeerChannel peer) {
            this.request = request;
            this.peer = peer;
        }

        /** @return the client's upgrade request */
        public HandshakeRequest request() {
            return request;
        }

        /** @return how to act as the server on this connection (send, ping, close, abort) */
        public PeerChannel peer() {
            return peer;
        }

        /** @return completes with how this connection ended on the server's side (1006 for a drop) */
        public CompletableFuture<Closed> closed() {
            return closed;
        }

        /** @return binary frames received so far, commands included */
        public int binaryFrames() {
            return binaryFrames.get();
        }

        /** @param value whether to echo data frames (default true); commands are obeyed either way */
        public void echo(boolean value) {
            this.echo = value;
        }

        @Override
        public void onBinary(ByteBuffer frame) {
            binaryFrames.incrementAndGet();
            if (isCommand(frame)) {
                command(StandardCharsets.UTF_8.decode(frame.duplicate()).toString()
                        .substring(COMMAND_PREFIX.length()));
                return;
            }
            if (echo) {
                peer.sendBinary(frame);
            }
            runAfterNext();
        }

        private boolean isCommand(ByteBuffer frame) {
            if (frame.remaining() < COMMAND_BYTES.length) {
                return false;
            }
            for (int i = 0; i < COMMAND_BYTES.length; i++) {
                if (frame.get(frame.position() + i) != COMMAND_BYTES[i]) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void onText(String text) {
            if (text.startsWith(COMMAND_PREFIX)) {
                command(text.substring(COMMAND_PREFIX.length()));
                return;
            }
            if (echo) {
                peer.sendText(text);
            }
            runAfterNext();
        }

        @Override
        public void onPing(ByteBuffer payload) {
            if (answerPings) {
                peer.pong(payload);
            }
        }

        @Override
        public void onPong(ByteBuffer payload) {
            pongs.add(payload);
        }

        @Override
        public void onClosed(int code, String reason) {
            Closed c = new Closed(code, reason == null ? "" : reason);
            closes.add(c);
            closed.complete(c);
        }

        private void runAfterNext() {
            Runnable action = afterNext;
            afterNext = null;
            if (action != null) {
                action.run();
            }
        }

        private void command(String line) {
            String[] words = line.split(" ", 2);
            String rest = words.length > 1 ? words[1] : "";
            try {
                switch (words[0]) {
                    case "close": {
                        Closed c = parseClose(rest);
                        peer.close(c.code(), c.reason());
                        break;
                    }
                    case "abort":
                        peer.abort();
                        break;
                    case "close-after-next": {
                        Closed c = parseClose(rest);
                        afterNext = () -> peer.close(c.code(), c.reason());
                        break;
                    }
                    case "abort-after-next":
                        afterNext = peer::abort;
                        break;
                    case "send":
                        send(rest);
                        break;
                    case "ping":
                        peer.ping(ByteBuffer.wrap(rest.getBytes(StandardCharsets.UTF_8)));
                        break;
                    case "no-pong":
                        answerPings = false;
                        break;
                    case "pong":
                        answerPings = true;
                        break;
                    default:
                        throw new IllegalArgumentException("unknown command " + words[0]);
                }
            } catch (IllegalArgumentException e) {
                LOG.log(System.Logger.Level.DEBUG, () -> "echo server: bad command: " + e.getMessage());
                peer.sendText(ERROR_PREFIX + e.getMessage());
            }
        }

        private void send(String args) {
            String[] parts = args.split(" ");
            if (parts.length != 2) {
                throw new IllegalArgumentException("send needs COUNT SIZE");
            }
            int count = parseNonNegative(parts[0], "COUNT");
            int size = parseNonNegative(parts[1], "SIZE");
            for (int k = 0; k < count; k++) {
                peer.sendBinary(patternFrame(k, size));
            }
        }

        private Closed parseClose(String args) {
            String[] parts = args.split(" ", 2);
            int code = parseNonNegative(parts[0], "CODE");
            return new Closed(code, parts.length > 1 ? parts[1] : "");
        }

        private int parseNonNegative(String word, String what) {
            try {
                int value = Integer.parseInt(word);
                if (value < 0) {
                    throw new IllegalArgumentException(what + " must be 0 or more, got " + word);
                }
                return value;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(what + " must be a number, got '" + word + "'", e);
            }
        }
    }
}
