package dev.dfx.benchmarks;

import dev.dfx.core.ActionId;
import dev.dfx.core.MeasurementAction;
import dev.dfx.core.RequestId;
import dev.dfx.core.body.AddDataRequest;
import dev.dfx.core.frame.FrameCodec;
import dev.dfx.core.port.BodyCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * The data the benchmarks work on, shaped like the end-to-end example (docs/protocol.md §7), in one place so that the
 * benchmarks, the report and the tests agree on it. Stateless.
 */
public final class Fixtures {
    /** The measurement id of docs/protocol.md §7. */
    public static final String MEASUREMENT_ID = "3f2c9a70-5b1e-4c8a-9d2e-7a6b1c0d4e5f";
    /** The AddData frame's request id (JS form, docs/protocol.md §2.1). */
    public static final RequestId ADD_DATA_REQUEST_ID = new RequestId("0506AbCdEf");
    /** The subscription's request id, on which results arrive (docs/protocol.md §5.2). */
    public static final RequestId SUBSCRIBE_REQUEST_ID = new RequestId("0510RfGhJk");

    /** An ack body (docs/protocol.md §4.4). */
    public static final String ACK_JSON = "{\"ID\":\"" + MEASUREMENT_ID + ":3\",\"ChunkOrder\":3}";

    /**
     * An intermediate result with eight points, as the server pushes it (docs/protocol.md §5.3, §7): one value per
     * point, channel names and notes from §5.3.
     */
    public static final String RESULT_JSON = "{\"MeasurementID\":\"" + MEASUREMENT_ID + "\","
            + "\"MeasurementDataID\":\"" + MEASUREMENT_ID + ":3\","
            + "\"MeasurementResultID\":\"8b1d2c3e-0f4a-4b5c-9d6e-7f8091a2b3c4\","
            + "\"Multiplier\":10000,"
            + "\"Channels\":{"
            + "\"SNR\":{\"Channel\":\"slow/toi4\",\"Data\":[41200]},"
            + "\"HR_BPM\":{\"Channel\":\"slow/toi4\",\"Data\":[721500]},"
            + "\"BR_BPM\":{\"Channel\":\"breathing/rois\",\"Data\":[164300]},"
            + "\"BP_SYSTOLIC\":{\"Channel\":\"bloodpressure/slow\",\"Data\":[1182000],"
            + "\"Notes\":[\"NOTE_USED_PRED_DEMOG\"]},"
            + "\"BP_DIASTOLIC\":{\"Channel\":\"bloodpressure/slow\",\"Data\":[765000],"
            + "\"Notes\":[\"NOTE_USED_PRED_DEMOG\"]},"
            + "\"AGE\":{\"Channel\":\"physio-age/slow\",\"Data\":[380000]},"
            + "\"BMI_CALC\":{\"Channel\":\"metadata/bmi\",\"Data\":[231000],"
            + "\"Notes\":[\"NOTE_MISSING_MEDICAL_INFO\"]},"
            + "\"HEALTH_SCORE\":{\"Channel\":\"health\",\"Data\":[712000],"
            + "\"Notes\":[\"NOTE_DEGRADED_ACCURACY\",\"NOTE_SNR_BELOW_THRESHOLD\"]}"
            + "},"
            + "\"Error\":{\"Code\":\"OK\",\"Errors\":{}}}";

    private Fixtures() {
    }

    /**
     * @param size bytes
     * @return {@code size} bytes of seeded pseudo-random data (the same for every call), like an opaque chunk
     */
    public static byte[] payload(int size) {
        if (size < 0) {
            throw new IllegalArgumentException("size must be 0 or more, got " + size);
        }
        byte[] b = new byte[size];
        new SplittableRandom(42).nextBytes(b);
        return b;
    }

    /**
     * The body the client engine sends for a middle chunk of a 5 s chunking (docs/protocol.md §4.1, §7).
     *
     * @param payload the chunk bytes (position to limit), wrapped read-only by the record, not copied
     * @return the request
     */
    public static AddDataRequest addData(ByteBuffer payload) {
        return new AddDataRequest(MEASUREMENT_ID, MeasurementAction.CHUNK_PROCESS, payload, 3, 15.0, 20.0, 5.0, null);
    }

    /**
     * Builds one AddData request frame exactly as the client engine does: the body encoded with room for the header,
     * then the header written in front of it, without a copy (docs/protocol.md §2.1).
     *
     * @param codec the codec
     * @param payload the chunk bytes
     * @return the frame, position 0
     */
    public static ByteBuffer addDataFrame(BodyCodec codec, ByteBuffer payload) {
        ByteBuffer frame = codec.encode(addData(payload), FrameCodec.REQUEST_HEADER_BYTES);
        return FrameCodec.writeRequestHeader(frame, ActionId.MEASUREMENTS_ADD_DATA, ADD_DATA_REQUEST_ID);
    }

    /**
     * A status-200 response frame as a transport hands it to the engine: a read-only buffer (docs/style.md §3).
     *
     * @param requestId the frame's request id
     * @param json the body
     * @return the frame (docs/protocol.md §2.2)
     */
    public static ByteBuffer responseFrame(RequestId requestId, String json) {
        ByteBuffer body = ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8));
        return FrameCodec.encodeResponse(requestId, 200, body).asReadOnlyBuffer();
    }
}
