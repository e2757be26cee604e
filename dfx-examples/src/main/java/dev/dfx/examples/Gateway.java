package dev.dfx.examples;

import dev.dfx.codec.json.JacksonBodyCodec;
import dev.dfx.core.Chunk;
import dev.dfx.core.DfxClient;
import dev.dfx.core.DfxClientConfig;
import dev.dfx.core.MeasurementStream;
import dev.dfx.core.MeasurementSummary;
import dev.dfx.transport.netty.NettyTransport;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A gateway: the measurements of many devices at once, every one on its own connection (each device logs in with its
 * own token), all on one {@link NettyTransport}, which shares one small event-loop group between them. Nothing
 * blocks per device: each measurement is a chain of futures, and the gateway waits once for all of them.
 */
public final class Gateway {
    private Gateway() {
    }

    /**
     * One device's measurement.
     *
     * @param deviceToken the device's token
     * @param measurementId the measurement to stream
     * @param chunks the payloads, in order
     */
    public record Device(String deviceToken, String measurementId, List<byte[]> chunks) {
        /** Validates and copies. */
        public Device {
            Objects.requireNonNull(deviceToken, "deviceToken");
            Objects.requireNonNull(measurementId, "measurementId");
            chunks = List.copyOf(chunks);
        }
    }

    /**
     * Streams every device's measurement concurrently over one transport.
     *
     * @param server the API
     * @param devices the devices, each with its token and chunks
     * @param chunkDuration how much video each chunk covers
     * @return the summaries, in the order of {@code devices}
     */
    public static List<MeasurementSummary> measureAll(URI server, List<Device> devices, Duration chunkDuration)
            throws InterruptedException, ExecutionException, TimeoutException {
        try (NettyTransport transport = NettyTransport.create()) {
            List<DfxClient> clients = new ArrayList<>();
            try {
                List<CompletableFuture<MeasurementSummary>> summaries = new ArrayList<>();
                for (Device device : devices) {
                    DfxClient client = DfxClient.builder()
                            .transport(transport)              // shared: the clients do not own it
                            .codec(JacksonBodyCodec.create())
                            .config(DfxClientConfig.builder().uri(server).deviceToken(device.deviceToken()).build())
                            .build();
                    clients.add(client);
                    summaries.add(client.connect().thenCompose(loggedIn -> {
                        MeasurementStream stream = client.startMeasurement(device.measurementId(),
                                device.chunks().size());
                        device.chunks().forEach(payload -> stream.send(Chunk.of(payload, chunkDuration)));
                        return stream.completion();
                    }));
                }
                CompletableFuture.allOf(summaries.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
                List<MeasurementSummary> result = new ArrayList<>();
                for (CompletableFuture<MeasurementSummary> summary : summaries) {
                    result.add(summary.join());
                }
                return result;
            } finally {
                clients.forEach(DfxClient::close);         // each client closes its own connection
            }
        }
    }
}
