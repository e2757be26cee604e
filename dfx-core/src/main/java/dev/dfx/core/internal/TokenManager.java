package dev.dfx.core.internal;

import dev.dfx.core.ActionId;
import dev.dfx.core.DfxMessage;
import dev.dfx.core.api.LoginWithTokenResponse;
import dev.dfx.core.api.RegisterLicenseRequest;
import dev.dfx.core.api.RegisterLicenseResponse;
import dev.dfx.core.api.RenewRequest;
import dev.dfx.core.api.UserLoginRequest;
import dev.dfx.core.auth.Credentials;
import dev.dfx.core.auth.JwtClaims;
import dev.dfx.core.auth.TokenPair;
import dev.dfx.core.auth.TokenStore;
import dev.dfx.core.error.DfxAuthenticationException;
import dev.dfx.core.error.DfxException;
import dev.dfx.core.error.DfxLicenseException;
import dev.dfx.core.error.DfxServerException;
import dev.dfx.core.port.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Gets, keeps and renews the client's token (docs/protocol.md §1.3, §6.3). No compatibility promise.
 *
 * <p><b>Getting a token.</b> {@link #authenticate} runs once per opened socket, before anything else goes out. With a
 * pair at hand (in memory, else in the {@link TokenStore}, else the configured {@link Credentials.Tokens}) it logs
 * the socket in with {@code 0718}, renewing first if the JWT's {@code exp} has passed. With none it registers the
 * licence ({@code 0705}) or logs the user in ({@code 0201}) on that socket; a success logs the socket in (§1.3 C),
 * so no {@code 0718} follows. The new pair is saved before it is used. A restart with a stored pair therefore never
 * registers again.
 *
 * <p><b>Renewal.</b> For a JWT with {@code exp}, a timer on the {@link Scheduler} (monotonic, docs/style.md §4) fires at
 * {@code renewAt} (default 0.8) of the lifetime ({@code exp - iat}; wall time is used only to read where in that
 * lifetime the token is). It renews with {@code 2304}, saves the new pair, then logs the open socket in again with
 * {@code 0718}, so a server that checks expiry on every request keeps accepting the socket. A token that is not a
 * JWT gets no timer. {@link #refresh} does the same on demand (a {@code 401 TOKEN_EXPIRED}); all callers that meet
 * one expiry share one renewal (single flight): a caller whose stale token is no longer the current one gets the
 * finished renewal at once.
 *
 * <p><b>Refused renewal</b> (a {@code 4xx} to {@code 2304}: spent or invalid refresh token): the stored pair is
 * cleared, and the client registers or logs in again with its licence or user credentials if it has them; else the
 * operation fails with a {@link DfxAuthenticationException} that says what to do. A renewal that fails for any other
 * reason (timeout, closed socket, {@code 5xx}) keeps the pair; the next socket tries again.
 *
 * <p>Thread-safe (state under this object's lock; no lock is held while a request is sent). Futures complete on the
 * thread that completes the wire's futures (the engine's serial executor).
 */
public final class TokenManager {
    private static final System.Logger LOG = System.getLogger(TokenManager.class.getName());

    /** Sends one request on a particular socket, logged in or not; fails with the typed server error for 400+. */
    @FunctionalInterface
    public interface Wire {
        /**
         * @param actionId the action
         * @param body a {@code Map} tree or a body record
         * @return the answer (status below 400), or the typed failure
         */
        CompletableFuture<DfxMessage> send(ActionId actionId, Object body);
    }

    private final Credentials credentials;
    private final TokenStore store;
    private final InstantSource wallClock;
    private final Scheduler scheduler;
    private final double renewAt;

    private TokenPair current;
    private boolean loaded;
    private CompletableFuture<Void> refreshing;
    private Wire live;
    private Scheduler.Cancellable timer;
    private final AtomicInteger renewals = new AtomicInteger();
    private final AtomicInteger registrations = new AtomicInteger();

    /**
     * @param credentials how to get a token; null for none beyond the store
     * @param store where the pair is kept
     * @param wallClock for comparing with {@code exp}
     * @param scheduler for the renewal timer
     * @param renewAt fraction of the lifetime at which to renew, in (0, 1)
     */
    public TokenManager(Credentials credentials, TokenStore store, InstantSource wallClock, Scheduler scheduler,
                        double renewAt) {
        this.credentials = credentials;
        this.store = Objects.requireNonNull(store, "store");
        this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        if (!(renewAt > 0 && renewAt < 1)) {
            throw new IllegalArgumentException("renewAt must be between 0 and 1 (exclusive), got " + renewAt);
        }
        this.renewAt = renewAt;
    }

    /** @return the pair in use: in memory, else stored, else configured; empty if none yet */
    public synchronized Optional<TokenPair> currentPair() {
        if (!loaded) {
            loaded = true;
            Optional<TokenPair> stored = store.load();
            if (stored.isPresent()) {
                current = stored.get();
            } else if (credentials instanceof Credentials.Tokens) {
                current = ((Credentials.Tokens) credentials).pair();
            }
        }
        return Optional.ofNullable(current);
    }

    /** @return the token in use, or null; never log it */
    public String currentToken() {
        return currentPair().map(TokenPair::token).orElse(null);
    }

    /** @return renewals ({@code 2304}) that succeeded */
    public int renewals() {
        return renewals.get();
    }

    /** @return registrations or user logins ({@code 0705}/{@code 0201}) that succeeded */
    public int registrations() {
        return registrations.get();
    }

    /** @return completes when no renewal is in flight (at once if none is) */
    public synchronized CompletableFuture<Void> idle() {
        CompletableFuture<Void> r = refreshing;
        return r == null ? CompletableFuture.completedFuture(null) : r.handle((v, e) -> null);
    }

    /**
     * Logs a freshly opened socket in (see the class comment). Nothing else may go out on it meanwhile.
     *
     * @param wire the socket
     * @return completes when the socket is logged in; fails with the typed refusal
     */
    public CompletableFuture<Void> authenticate(Wire wire) {
        Objects.requireNonNull(wire, "wire");
        Optional<TokenPair> pair = currentPair();
        CompletableFuture<Void> done;
        if (pair.isEmpty()) {
            done = obtain(wire, null).thenApply(p -> null);
        } else if (expired(pair.get()) && pair.get().refreshToken() != null) {
            LOG.log(System.Logger.Level.DEBUG, "stored token has expired; renewing before the login");
            done = renewOrObtain(wire, pair.get()).thenCompose(r -> r.loggedIn ? done() : login(wire, r.pair));
        } else {
            done = login(wire, pair.get()).exceptionallyCompose(e -> {
                DfxException cause = unwrap(e);
                if (!(cause instanceof DfxAuthenticationException)) {
                    return CompletableFuture.failedFuture(cause);
                }
                // docs/protocol.md §6.3: 401 on 0718 → renew; if that fails, register / log in again
                return renewOrObtain(wire, pair.get())
                        .thenCompose(r -> r.loggedIn ? done() : login(wire, r.pair));
            });
        }
        return done.thenRun(() -> onLoggedIn(wire));
    }

    /**
     * The socket is gone: no renewal timer fires into it. The timer stays; a due renewal happens on the next socket.
     */
    public synchronized void onDisconnected() {
        live = null;
    }

    /** Stops the renewal timer for good (client closed). */
    public synchronized void shutdown() {
        live = null;
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    /**
     * Renews on demand (a {@code 401 TOKEN_EXPIRED}, or the renewal timer), then logs the socket in again. Single
     * flight: concurrent callers share one renewal; a caller whose {@code staleToken} is no longer current gets the
     * renewal that replaced it.
     *
     * @param wire the live socket
     * @param staleToken the token that was in use when the caller's request went out (null: renew regardless)
     * @return completes when the socket is logged in with a fresh token; fails with the typed refusal
     */
    public CompletableFuture<Void> refresh(Wire wire, String staleToken) {
        Objects.requireNonNull(wire, "wire");
        CompletableFuture<Void> flight;
        TokenPair pair;
        synchronized (this) {
            if (refreshing != null) {
                return refreshing;
            }
            pair = currentPair().orElse(null);
            if (staleToken != null && pair != null && !staleToken.equals(pair.token())) {
                return CompletableFuture.completedFuture(null); // already renewed since that request went out
            }
            flight = new CompletableFuture<>();
            refreshing = flight;
        }
        CompletableFuture<Void> work = pair == null ? obtain(wire, null).thenApply(p -> null)
                : renewOrObtain(wire, pair).thenCompose(r -> r.loggedIn ? done() : login(wire, r.pair));
        work.whenComplete((v, e) -> {
            synchronized (this) {
                refreshing = null;
            }
            if (e != null) {
                flight.completeExceptionally(unwrap(e));
            } else {
                onLoggedIn(wire);
                flight.complete(null);
            }
        });
        return flight;
    }

    // ---- steps -------------------------------------------------------------------------------------------------

    private static CompletableFuture<Void> done() {
        return CompletableFuture.completedFuture(null);
    }

    private boolean expired(TokenPair pair) {
        return pair.claims().map(c -> c.isExpiredAt(wallClock.instant())).orElse(false);
    }

    /** {@code 0718} with the pair's token; adopts a re-issued {@code Token} of the reply (docs/protocol.md §1.3). */
    private CompletableFuture<Void> login(Wire wire, TokenPair pair) {
        return wire.send(ActionId.ORGANIZATIONS_LOGIN_WITH_TOKEN, Map.of("Token", pair.token())).thenAccept(m -> {
            LoginWithTokenResponse r;
            try {
                r = LoginWithTokenResponse.fromBody(m.bodyValue());
            } catch (RuntimeException e) {
                return; // §1.3: any body is a success; a body we cannot read is {}
            }
            Optional<String> reissued = r.reissuedToken();
            if (reissued.isPresent() && !reissued.get().equals(pair.token())) {
                LOG.log(System.Logger.Level.DEBUG, "0718 reply carries a re-issued token; adopting it");
                adopt(new TokenPair(reissued.get(), pair.refreshToken()));
            }
        });
    }

    /** The outcome of a renewal: a pair, and whether getting it already logged the socket in (0705/0201). */
    private static final class Renewed {
        final TokenPair pair;
        final boolean loggedIn;

        Renewed(TokenPair pair, boolean loggedIn) {
            this.pair = pair;
            this.loggedIn = loggedIn;
        }
    }

    /** {@code 2304}; on refusal (or with no refresh token) fall back to the credentials, else fail typed. */
    private CompletableFuture<Renewed> renewOrObtain(Wire wire, TokenPair pair) {
        if (pair.refreshToken() == null) {
            return obtain(wire, null).thenApply(p -> new Renewed(p, true));
        }
        return wire.send(ActionId.AUTHS_RENEW, new RenewRequest(pair).toBody())
                .thenApply(m -> {
                    Map<String, Object> body = Tree.object(m.bodyValue(), "Renew");
                    String token = Tree.reqStr(body, "Token", "Renew");
                    String refresh = Tree.str(body, "RefreshToken", "Renew");
                    TokenPair next = new TokenPair(token, refresh == null || refresh.isBlank() ? null : refresh);
                    adopt(next); // stored before it is used (0718 follows)
                    renewals.incrementAndGet();
                    LOG.log(System.Logger.Level.INFO, "token renewed (2304)");
                    return new Renewed(next, false);
                })
                .exceptionallyCompose(e -> {
                    DfxException cause = unwrap(e);
                    if (cause instanceof DfxServerException && !((DfxServerException) cause).isServerSide()) {
                        LOG.log(System.Logger.Level.WARNING, () -> "token renewal refused: "
                                + ((DfxServerException) cause).code() + "; forgetting the stored pair");
                        forget();
                        return obtain(wire, (DfxServerException) cause).thenApply(p -> new Renewed(p, true));
                    }
                    return CompletableFuture.failedFuture(cause);
                });
    }

    /** {@code 0705} or {@code 0201} from the credentials; without them, the typed error that says what to do. */
    private CompletableFuture<TokenPair> obtain(Wire wire, DfxServerException refused) {
        if (credentials instanceof Credentials.License) {
            LOG.log(System.Logger.Level.INFO, "registering the licence (0705)");
            return wire.send(ActionId.ORGANIZATIONS_REGISTER_LICENSE,
                    RegisterLicenseRequest.from((Credentials.License) credentials).toBody()).thenApply(m -> {
                        TokenPair p = RegisterLicenseResponse.fromBody(m.bodyValue()).tokens();
                        adopt(p);
                        registrations.incrementAndGet();
                        return p;
                    }).exceptionallyCompose(e -> CompletableFuture.failedFuture(explainLicence(unwrap(e))));
        }
        if (credentials instanceof Credentials.User) {
            LOG.log(System.Logger.Level.INFO, "logging the user in (0201)");
            return wire.send(ActionId.USERS_LOGIN, UserLoginRequest.from((Credentials.User) credentials).toBody())
                    .thenApply(m -> {
                        Map<String, Object> body = Tree.object(m.bodyValue(), "UserLogin");
                        String refresh = Tree.str(body, "RefreshToken", "UserLogin");
                        TokenPair p = new TokenPair(Tree.reqStr(body, "Token", "UserLogin"),
                                refresh == null || refresh.isBlank() ? null : refresh);
                        adopt(p);
                        registrations.incrementAndGet();
                        return p;
                    });
        }
        String why = refused != null ? "the token's renewal was refused (" + refused.code()
                + ": the refresh token is spent or invalid)" : "the token was refused and has no refresh token";
        return CompletableFuture.failedFuture(new DfxAuthenticationException(401,
                refused != null ? refused.code() : "TOKEN_EXPIRED", why + "; configure a licence key or a user "
                + "login as credentials, or give a fresh token pair", ActionId.AUTHS_RENEW, null));
    }

    /** An unknown licence key gets a typed {@link DfxLicenseException} whatever code the server chose. */
    private static DfxException explainLicence(DfxException e) {
        if (e instanceof DfxServerException && !(e instanceof DfxLicenseException)) {
            DfxServerException s = (DfxServerException) e;
            if (s.status() == 404 || s.status() == 401 || s.status() == 403 || "INVALID_KEY".equals(s.code())) {
                return new DfxLicenseException(s.status(), s.code().isEmpty() ? "INVALID_LICENSE" : s.code(),
                        s.serverMessage(), s.actionId(), s.requestId());
            }
        }
        return e;
    }

    private synchronized void adopt(TokenPair pair) {
        store.save(pair);
        current = pair;
        loaded = true;
    }

    private synchronized void forget() {
        current = null;
        loaded = true;
        store.clear();
    }

    /** Logged in on this socket: it is the one the timer renews on; (re)arm the timer from the token's claims. */
    private void onLoggedIn(Wire wire) {
        TokenPair pair;
        synchronized (this) {
            live = wire;
            pair = current;
            if (timer != null) {
                timer.cancel();
                timer = null;
            }
        }
        if (pair == null || pair.refreshToken() == null && !(credentials instanceof Credentials.License
                || credentials instanceof Credentials.User)) {
            return; // nothing to renew with
        }
        Optional<JwtClaims> claims = pair.claims();
        Instant now = wallClock.instant();
        Optional<Duration> lifetime = claims.flatMap(c -> c.lifetime(now));
        if (lifetime.isEmpty()) {
            return; // not a JWT, or no exp: no proactive renewal
        }
        JwtClaims c = claims.get();
        Instant from = c.issuedAt() != null && c.issuedAt().isBefore(c.expiresAt()) ? c.issuedAt() : now;
        Instant due = from.plusNanos((long) (lifetime.get().toNanos() * renewAt));
        Duration delay = Duration.between(now, due);
        if (delay.isNegative()) {
            delay = Duration.ZERO;
        }
        String token = pair.token();
        Duration d = delay;
        LOG.log(System.Logger.Level.DEBUG, () -> "token renewal due in " + d);
        Scheduler.Cancellable t = scheduler.schedule(delay, () -> onTimer(token));
        synchronized (this) {
            if (timer != null) {
                timer.cancel();
            }
            timer = t;
        }
    }

    private void onTimer(String token) {
        Wire wire;
        synchronized (this) {
            timer = null;
            wire = live;
        }
        if (wire == null) {
            return; // no socket now: the next authenticate() re-arms the timer, already due
        }
        refresh(wire, token).whenComplete((v, e) -> {
            if (e != null) {
                DfxException cause = unwrap(e);
                // a socket closing under the timer is no failure: the next socket renews at its login
                boolean closing = cause instanceof dev.dfx.core.error.DfxConnectionClosedException
                        || cause.getCause() instanceof IllegalStateException;
                LOG.log(closing ? System.Logger.Level.DEBUG : System.Logger.Level.WARNING,
                        () -> "proactive token renewal failed: " + cause.getMessage());
            }
        });
    }

    static DfxException unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        if (c instanceof DfxException) {
            return (DfxException) c;
        }
        return new DfxException(String.valueOf(c.getMessage()), c);
    }
}
