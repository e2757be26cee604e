package dev.dfx.testkit.server;

import static dev.dfx.testkit.server.Fixture.M;
import static dev.dfx.testkit.server.Fixture.body;
import static dev.dfx.testkit.server.Fixture.chunk;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dfx.core.frame.ResponseFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** docs/protocol.md §4.3-4.5: whatever chunk orders a client sends, the server accepts exactly the in-order prefix. */
class ChunkOrderPropertiesTest {

    @Property(tries = 200)
    void serverAcceptsExactlyTheInOrderChunks(
            @ForAll @Size(min = 1, max = 20) List<@IntRange(min = 0, max = 8) Integer> orders) {
        try (Fixture fx = new Fixture(b -> b.rateLimit(false))) {
            Fixture.Client c = fx.loggedIn();
            List<Long> acked = new ArrayList<>();
            int expected = 0;
            for (int order : orders) {
                ResponseFrame r = c.call("0506", chunk("CHUNK::IGNORE", order));
                if (order == expected) {
                    assertThat(r.status()).isEqualTo(200);
                    acked.add((Long) body(r).get("ChunkOrder"));
                    expected++;
                } else {
                    assertThat(r.status()).isEqualTo(400);
                    assertThat(body(r).get("Code")).isEqualTo("MISALIGNED_CHUNK");
                }
            }
            assertThat(acked).containsExactlyElementsOf(IntStream.range(0, expected).mapToObj(i -> (long) i).toList());
            assertThat(fx.server.measurement(M).orElseThrow().chunksAccepted()).isEqualTo(expected);
            assertThat(fx.server.measurement(M).orElseThrow().nextChunkOrder()).isEqualTo(expected);
        }
    }
}
