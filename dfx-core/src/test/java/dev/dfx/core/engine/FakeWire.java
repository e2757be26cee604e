package dev.dfx.core.engine;

import dev.dfx.core.ActionId;
import dev.dfx.core.DfxMessage;
import dev.dfx.core.RequestId;
import dev.dfx.core.error.DfxServerException;
import dev.dfx.core.internal.TokenManager;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A scripted {@link TokenManager.Wire} for auth tests: each action answers with a function of its body; records
 * every (action, body) in order; can hold answers until released.
 */
final class FakeWire implements TokenManager.Wire {
    static final TestBodyCodec CODEC = new TestBodyCodec();

    /** One answer: status and body tree. */
    record Answer(int status, Map<String, Object> body) {
    }

    final List<String> actions = new ArrayList<>();
    final List<Map<String, Object>> bodies = new ArrayList<>();
    final Map<String, Function<Map<String, Object>, Answer>> script = new LinkedHashMap<>();
    final List<CompletableFuture<Void>> held = new ArrayList<>();
    boolean hold;

    FakeWire on(String action, Function<Map<String, Object>, Answer> f) {
        script.put(action, f);
        return this;
    }

    @Override
    @SuppressWarnings("unchecked")
    public CompletableFuture<DfxMessage> send(ActionId actionId, Object body) {
        actions.add(actionId.code());
        bodies.add((Map<String, Object>) body);
        Function<Map<String, Object>, Answer> f = script.get(actionId.code());
        Answer a = f == null ? new Answer(400, Map.of("Code", "INCORRECT_REQUEST")) : f.apply((Map<String, Object>) body);
        RequestId id = new RequestId(actionId.code() + "abcdef");
        DfxMessage m = DfxMessage.of(id, a.status(), CODEC.encode(a.body(), 0), CODEC);
        CompletableFuture<DfxMessage> out = new CompletableFuture<>();
        Runnable answer = () -> {
            if (a.status() >= 400) {
                out.completeExceptionally(DfxServerException.of(a.status(), (String) a.body().get("Code"),
                        (String) a.body().get("Message"), actionId, id));
            } else {
                out.complete(m);
            }
        };
        if (hold) {
            CompletableFuture<Void> gate = new CompletableFuture<>();
            gate.thenRun(answer);
            held.add(gate);
        } else {
            answer.run();
        }
        return out;
    }

    void releaseAll() {
        List<CompletableFuture<Void>> now = new ArrayList<>(held);
        held.clear();
        hold = false;
        now.forEach(g -> g.complete(null));
    }

    long count(String action) {
        return actions.stream().filter(action::equals).count();
    }

    /** A JWT-shaped token (unsigned) with the given epoch-second claims. */
    static String jwt(String id, long iat, long exp, String region) {
        Base64.Encoder e = Base64.getUrlEncoder().withoutPadding();
        String claims = "{\"ID\":\"" + id + "\",\"iat\":" + iat + ",\"exp\":" + exp
                + (region == null ? "" : ",\"Region\":\"" + region + "\"") + "}";
        return e.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes()) + "."
                + e.encodeToString(claims.getBytes()) + ".c2ln";
    }

    static ByteBuffer empty() {
        return ByteBuffer.allocate(0);
    }
}
