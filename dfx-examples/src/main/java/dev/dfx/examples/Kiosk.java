package dev.dfx.examples;

import dev.dfx.codec.json.JacksonBodyCodec;
import dev.dfx.core.Chunk;
import dev.dfx.core.DfxClient;
import dev.dfx.core.DfxClientConfig;
import dev.dfx.core.MeasurementStream;
import dev.dfx.core.MeasurementSummary;
import dev.dfx.core.ReconnectPolicy;
import dev.dfx.core.port.Transport;
import dev.dfx.transport.jetty.JettyTransport;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A kiosk: one measurement, its results printed as they come, resumed if the connection drops. */
public final class Kiosk {
    private Kiosk() {
    }

    /**
     * Streams {@code chunks} as one measurement and waits for its final result.
     *
     * @param server the API, e.g. {@code wss://api.deepaffex.ai}
     * @param deviceToken the device token from Organizations.RegisterLicense ({@code 0705})
     * @param measurementId the id from Measurements.Create ({@code 0504})
     * @param chunks the payloads from the DFX Extraction library, in order
     * @param chunkDuration how much video each chunk covers (the client paces sending to it)
     * @param out where the results are printed
     * @return the summary: chunks acked, every result, the final one
     */
    public static MeasurementSummary measure(URI server, String deviceToken, String measurementId,
            List<byte[]> chunks, Duration chunkDuration, PrintStream out)
            throws InterruptedException, ExecutionException, TimeoutException {
        DfxClientConfig config = DfxClientConfig.builder()
                .uri(server)
                .deviceToken(deviceToken)
                .reconnect(ReconnectPolicy.defaults())    // reconnect, log in again and resume the measurement
                .build();
        try (Transport transport = JettyTransport.create();  // or NettyTransport.create()
             DfxClient client = DfxClient.builder()
                     .transport(transport)
                     .codec(JacksonBodyCodec.create())
                     .config(config)
                     .build()) {
            client.connect().get(30, TimeUnit.SECONDS);      // opens the socket and logs in (0718)
            MeasurementStream stream = client.startMeasurement(measurementId, chunks.size());
            stream.results().subscribe(new PrintingResultSubscriber(out));
            for (byte[] payload : chunks) {
                stream.send(Chunk.of(payload, chunkDuration));  // sequenced, paced in real time, acked
            }
            return stream.completion().get(5, TimeUnit.MINUTES);
        }
    }
}
