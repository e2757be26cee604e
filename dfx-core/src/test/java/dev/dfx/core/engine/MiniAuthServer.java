package dev.dfx.core.engine;

import dev.dfx.core.frame.RequestFrame;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Plays the auth side of a DFX server on {@link ScriptedConnection}s, on the fixture's manual clock (issue 11):
 * mints JWT-shaped tokens with {@code exp}, single-use refresh tokens, expires tokens within the session (after
 * {@code exp} every request but 0718/0705/0201/2304 gets {@code 401 TOKEN_EXPIRED} until a fresh 0718), and serves
 * 0504 and the measurement actions (ack + one result per chunk, the final one with {@code StatusID}). Test helper
 * only; the real fake lives in dfx-testkit.
 */
final class MiniAuthServer {
    private final EngineFixture fx;
    private final long ttlSeconds;
    private final Map<ScriptedConnection, Integer> answered = new HashMap<>();
    private final Map<ScriptedConnection, String> socketToken = new HashMap<>();
    private final Map<String, Long> expiry = new HashMap<>();
    private final List<String> liveRefresh = new ArrayList<>();
    private final Map<String, Integer> nextOrder = new HashMap<>();
    final List<String> log = new ArrayList<>();
    /** Every token and refresh token minted: none may appear in a log, message or toString(). */
    final List<String> secrets = new ArrayList<>();
    int minted;
    /** Mint opaque tokens (not JWTs): the client cannot see their expiry, so it gets no proactive renewal. */
    boolean opaqueTokens;
    /** Chunk acks handed out, by ChunkOrder: each must be 1. */
    final Map<Integer, Integer> acks = new HashMap<>();

    MiniAuthServer(EngineFixture fx, long ttlSeconds) {
        this.fx = fx;
        this.ttlSeconds = ttlSeconds;
    }

    private long now() {
        return fx.time.instant().getEpochSecond();
    }

    private String mint(ScriptedConnection c) {
        minted++;
        String token = opaqueTokens ? "opaque-token-" + minted
                : FakeWire.jwt("dev" + minted, now(), now() + ttlSeconds, "na-east");
        expiry.put(token, now() + ttlSeconds);
        String refresh = "refresh-" + minted;
        secrets.add(token);
        secrets.add(refresh);
        liveRefresh.add(refresh);
        return "{\"Token\":\"" + token + "\",\"RefreshToken\":\"" + refresh + "\"}";
    }

    private String tokenOf(String pairJson) {
        int a = pairJson.indexOf("\"Token\":\"") + 9;
        return pairJson.substring(a, pairJson.indexOf('"', a));
    }

    /** Answers every frame not yet answered, on every connection, until none is left. */
    void serve() {
        boolean more = true;
        while (more) {
            more = false;
            for (ScriptedConnection c : fx.transport.connections) {
                int done = answered.getOrDefault(c, 0);
                List<RequestFrame> frames = c.frames();
                if (done < frames.size()) {
                    answered.put(c, done + 1);
                    answer(c, frames.get(done));
                    more = true;
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void answer(ScriptedConnection c, RequestFrame f) {
        String action = f.actionId().code();
        Map<String, Object> body = fx.body(f);
        log.add(action);
        switch (action) {
            case "0705": {
                String pair = mint(c);
                socketToken.put(c, tokenOf(pair)); // §1.3 C: a successful 0705 logs the socket in
                c.respond(f, 200, pair);
                return;
            }
            case "0718": {
                String t = (String) body.get("Token");
                Long exp = expiry.get(t);
                if (exp == null || exp <= now()) {
                    c.respond(f, 401, "{\"Code\":\"" + (exp == null ? "INVALID_TOKEN" : "TOKEN_EXPIRED") + "\"}");
                    return;
                }
                socketToken.put(c, t);
                c.respond(f, 200, "{\"Token\":\"" + t + "\"}");
                return;
            }
            case "2304": {
                String r = (String) body.get("RefreshToken");
                if (!liveRefresh.remove(r)) {
                    c.respond(f, 401, "{\"Code\":\"INVALID_TOKEN\",\"Message\":\"refresh token spent\"}");
                    return;
                }
                c.respond(f, 200, mint(c));
                return;
            }
            default:
                break;
        }
        String t = socketToken.get(c);
        if (t == null) {
            c.respond(f, 401, "{\"Code\":\"UNAUTHORIZED\"}");
            return;
        }
        if (expiry.get(t) <= now()) {
            c.respond(f, 401, "{\"Code\":\"TOKEN_EXPIRED\",\"Message\":\"log in again\"}");
            return;
        }
        switch (action) {
            case "0504":
                c.respond(f, 200, "{\"ID\":\"M1\"}");
                return;
            case "0100":
                c.respond(f, 200, "{\"StatusID\":\"ACTIVE\",\"Version\":\"1\"}");
                return;
            case "0510":
                c.respond(f, 200, "{}");
                subscription.put(c, (String) body.get("RequestID"));
                return;
            case "0506": {
                String id = (String) ((Map<String, Object>) body.get("Params")).get("ID");
                int order = nextOrder.getOrDefault(id, 0);
                Object co = body.get("ChunkOrder");
                if (co != null && ((Number) co).intValue() != order) {
                    c.respond(f, 400, "{\"Code\":\"MISALIGNED_CHUNK\"}");
                    return;
                }
                nextOrder.put(id, order + 1);
                acks.merge(order, 1, Integer::sum);
                c.respond(f, 200, "{\"ID\":\"" + id + ":" + order + "\",\"ChunkOrder\":" + order + "}");
                String last = ((String) body.get("Action")).startsWith("LAST") ? ",\"StatusID\":\"COMPLETE\"" : "";
                c.respond(new dev.dfx.core.RequestId(subscription.get(c)), 200, "{\"MeasurementID\":\"" + id
                        + "\",\"MeasurementDataID\":\"" + id + ":" + order + "\",\"Multiplier\":1,\"Channels\":"
                        + "{\"HR_BPM\":{\"Channel\":\"c\",\"Data\":[70]}}" + last + "}");
                return;
            }
            default:
                c.respond(f, 400, "{\"Code\":\"INCORRECT_REQUEST\",\"Message\":\"Invalid Route Number\"}");
        }
    }

    private final Map<ScriptedConnection, String> subscription = new HashMap<>();

    /** Makes a token minted by another server instance known (a restart). */
    void knowToken(String token, long ttl) {
        expiry.put(token, now() + ttl);
    }

    long count(String action) {
        return log.stream().filter(action::equals).count();
    }
}
