package dev.dfx.benchmarks;

import dev.dfx.codec.json.JacksonBodyCodec;
import dev.dfx.core.body.ChunkAck;
import dev.dfx.core.body.MeasurementResult;
import dev.dfx.core.frame.FrameCodec;
import dev.dfx.core.frame.ResponseFrame;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decoding what the server sends during a measurement: the envelope ({@code FrameCodec.decodeResponse},
 * docs/protocol.md §2.2) and then the body, for the AddData ack (§4.4) and for a result with eight points (§5.3, §7).
 * The frames are read-only buffers, as a transport delivers them (docs/style.md §3). The heap is fixed at 2 GiB so that
 * its resizing does not show up as noise.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class ResponseDecodeBenchmark {
    private JacksonBodyCodec codec;
    private ByteBuffer ackFrame;
    private ByteBuffer resultFrame;

    /** Makes the codec and the two frames once per trial. */
    @Setup
    public void setUp() {
        codec = JacksonBodyCodec.create();
        ackFrame = Fixtures.responseFrame(Fixtures.ADD_DATA_REQUEST_ID, Fixtures.ACK_JSON);
        resultFrame = Fixtures.responseFrame(Fixtures.SUBSCRIBE_REQUEST_ID, Fixtures.RESULT_JSON);
    }

    /**
     * The ack of a chunk.
     *
     * @return the decoded ack (JMH consumes it)
     */
    @Benchmark
    public ChunkAck decodeAck() {
        ResponseFrame frame = FrameCodec.decodeResponse(ackFrame);
        return codec.decode(frame.body(), ChunkAck.class);
    }

    /**
     * An intermediate result with eight points.
     *
     * @return the decoded result (JMH consumes it)
     */
    @Benchmark
    public MeasurementResult decodeResult() {
        ResponseFrame frame = FrameCodec.decodeResponse(resultFrame);
        return codec.decode(frame.body(), MeasurementResult.class);
    }
}
