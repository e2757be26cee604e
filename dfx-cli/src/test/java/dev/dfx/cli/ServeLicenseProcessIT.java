package dev.dfx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dfx.codec.json.JacksonBodyCodec;
import dev.dfx.core.ActionId;
import dev.dfx.core.RequestId;
import dev.dfx.core.frame.FrameCodec;
import dev.dfx.core.frame.ResponseFrame;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code dfx serve --license-key KEY --study STUDY --token-ttl SECONDS --expire-in-session} as its own process, driven
 * over a real socket by a raw client (issue 11): it registers the key, mints tokens of that lifetime, knows only that
 * study, and refuses a socket whose token expired with {@code 401 TOKEN_EXPIRED} until a fresh 0718.
 */
class ServeLicenseProcessIT {
    private static final JacksonBodyCodec CODEC = JacksonBodyCodec.create();
    private static final String KEY = "SERVE-KEY-1";

    @Test
    void serveWithALicenceKey_registersMintsTokensOfItsTtl_knowsItsStudy_expiresInSession() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = Files.createTempFile("dfx-serve", ".log");
        Process serve = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "serve", "--license-key", KEY, "--study", "S1", "--token-ttl", "2", "--expire-in-session")
                .redirectError(log.toFile()).start();
        try {
            String url = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            Client c = new Client(URI.create(url));
            ResponseFrame registered = c.call("0705", "{\"Key\":\"" + KEY + "\",\"DeviceTypeID\":\"LINUX\","
                    + "\"Name\":\"it\",\"Identifier\":\"it-1\",\"Version\":\"1\"}");
            Map<?, ?> pair = body(registered);
            Map<?, ?> claims = CODEC.decode(ByteBuffer.wrap(Base64.getUrlDecoder()
                    .decode(((String) pair.get("Token")).split("\\.")[1])), Map.class);

            assertThat(registered.status()).isEqualTo(200);
            assertThat(((Number) claims.get("exp")).longValue() - ((Number) claims.get("iat")).longValue())
                    .isEqualTo(2);
            assertThat(body(c.call("0504", "{\"StudyID\":\"S2\"}")).get("Code")).isEqualTo("INVALID_STUDY");
            // the token lives 2 s on the server's real clock: ask until the session's token has expired (bounded)
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            ResponseFrame r = c.call("0504", "{\"StudyID\":\"S1\"}");
            assertThat(r.status()).as("create before expiry").isEqualTo(200);
            while (r.status() == 200 && System.nanoTime() < deadline) {
                r = c.call("0100", "{}");
            }
            assertThat(r.status()).isEqualTo(401);
            assertThat(body(r).get("Code")).isEqualTo("TOKEN_EXPIRED");
            ResponseFrame renewed = c.call("2304", "{\"Token\":\"" + pair.get("Token") + "\",\"RefreshToken\":\""
                    + pair.get("RefreshToken") + "\"}");
            assertThat(renewed.status()).isEqualTo(200);
            assertThat(c.call("0718", "{\"Token\":\"" + body(renewed).get("Token") + "\"}").status())
                    .isEqualTo(200);
            assertThat(c.call("0100", "{}").status()).isEqualTo(200);
            c.ws.abort();
        } finally {
            serve.destroy();
            assertThat(serve.waitFor(20, TimeUnit.SECONDS)).as("serve stops on SIGTERM").isTrue();
        }
        String err = Files.readString(log);
        assertThat(err).contains("accepting 1 licence key(s)").contains("known studies: [S1]").doesNotContain(KEY);
        Files.delete(log);
    }

    private static Map<?, ?> body(ResponseFrame f) {
        return CODEC.decode(f.body(), Map.class);
    }

    /** A raw client on the JDK's WebSocket: one request at a time. */
    private static final class Client implements WebSocket.Listener {
        final BlockingQueue<ByteBuffer> frames = new LinkedBlockingQueue<>();
        final WebSocket ws;
        private ByteBuffer partial = ByteBuffer.allocate(0);
        private int counter;

        Client(URI uri) throws Exception {
            ws = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("json").buildAsync(uri, this)
                    .get(10, TimeUnit.SECONDS);
        }

        ResponseFrame call(String action, String json) throws InterruptedException {
            ws.sendBinary(FrameCodec.encodeRequest(ActionId.of(action),
                    new RequestId(action + String.format("%06d", ++counter)),
                    ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8))), true).join();
            ByteBuffer b = frames.poll(10, TimeUnit.SECONDS);
            assertThat(b).as("answer to " + action).isNotNull();
            return FrameCodec.decodeResponse(b);
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket w, ByteBuffer data, boolean last) {
            ByteBuffer joined = ByteBuffer.allocate(partial.remaining() + data.remaining());
            joined.put(partial).put(data).flip();
            partial = joined;
            if (last) {
                frames.add(partial);
                partial = ByteBuffer.allocate(0);
            }
            w.request(1);
            return null;
        }
    }
}
