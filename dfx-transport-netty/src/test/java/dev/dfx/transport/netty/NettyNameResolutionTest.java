package dev.dfx.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dfx.core.error.DfxException;
import dev.dfx.core.port.ConnectSpec;
import dev.dfx.core.port.Connection;
import dev.dfx.core.port.ConnectionListener;
import dev.dfx.testkit.memory.EchoAcceptor;
import dev.dfx.testkit.socket.WebSocketServerFrontEnd;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.resolver.dns.SingletonDnsServerAddressStreamProvider;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 12: name resolution never blocks an event loop. A DNS server on loopback that reads queries and never
 * answers holds one connect's lookup; meanwhile another connection on the same single event loop opens and echoes.
 */
@ExtendWith(LeakDetectionExtension.class)
class NettyNameResolutionTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** Far longer than the other connect may take, even on a loaded machine. */
    private static final Duration STALL = Duration.ofSeconds(60);

    @Test
    void aStalledDnsLookup_doesNotHoldTheEventLoop() throws Exception {
        EventLoopGroup oneLoop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        java.util.concurrent.atomic.AtomicInteger queries = new java.util.concurrent.atomic.AtomicInteger();
        CompletableFuture<Void> firstQuery = new CompletableFuture<>();
        try (DatagramSocket silentDns = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             WebSocketServerFrontEnd server = WebSocketServerFrontEnd.start(EchoAcceptor.create())) {
            Thread dnsReader = new Thread(() -> {
                byte[] buf = new byte[512];
                while (!silentDns.isClosed()) {
                    try {
                        silentDns.receive(new DatagramPacket(buf, buf.length));
                        queries.incrementAndGet(); // read, never answered
                        firstQuery.complete(null);
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            }, "silent-dns");
            dnsReader.setDaemon(true);
            dnsReader.start();
            NettyTransport transport = NettyTransport.create(oneLoop,
                    new SingletonDnsServerAddressStreamProvider((InetSocketAddress) silentDns.getLocalSocketAddress()),
                    STALL.toMillis());
            CompletableFuture<Connection> stuck;
            try {
                stuck = transport.connect(ConnectSpec.builder(
                        URI.create("wss://stalled-lookup.example/")).connectTimeout(STALL).build(),
                        new QuietListener());

                Connection open = transport.connect(ConnectSpec.builder(server.uri()).connectTimeout(WAIT).build(),
                        new QuietListener()).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

                assertThat(open.isOpen()).isTrue();
                assertThat(stuck).as("the lookup still waits for the silent DNS server").isNotDone();
                // The reader thread counts a query after the resolver sent it: wait for it, bounded.
                firstQuery.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                assertThat(queries.get()).as("DNS queries the silent server read").isPositive();
                open.sendBinary(ByteBuffer.wrap(new byte[] {1})).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } finally {
                transport.close();
            }
            // Closing the transport ends the pending connect too, typed.
            CompletableFuture<Connection> pending = stuck;
            ExecutionException failed = org.assertj.core.api.Assertions.catchThrowableOfType(
                    () -> pending.get(WAIT.toMillis(), TimeUnit.MILLISECONDS), ExecutionException.class);
            assertThat(failed).as("the stalled connect fails once the transport closes").isNotNull();
            assertThat(failed.getCause()).isInstanceOf(DfxException.class);
        } finally {
            oneLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** Ignores every event. */
    private static final class QuietListener implements ConnectionListener {
        @Override
        public void onBinary(ByteBuffer data) {
        }

        @Override
        public void onText(String text) {
        }

        @Override
        public void onPong(ByteBuffer payload) {
        }

        @Override
        public void onClosed(int code, String reason) {
        }

        @Override
        public void onFailure(Throwable cause) {
        }
    }
}
