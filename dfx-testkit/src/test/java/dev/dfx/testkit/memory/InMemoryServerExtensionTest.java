package dev.dfx.testkit.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dfx.core.port.Connection;
import dev.dfx.testkit.wire.InMemoryRegistry;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InMemoryServerExtensionTest {

    @Test
    void extension_registersServerPerTestAndCleansUpAfter() throws Exception {
        InMemoryServerExtension<EchoAcceptor> ext = InMemoryServerExtension.of(EchoAcceptor::create);

        ext.beforeEach(null);
        URI first = ext.uri();
        EchoAcceptor acceptor = ext.acceptor();
        RecordingListener listener = new RecordingListener();
        Connection c = ext.transport().connect(ext.spec(), listener).get(10, TimeUnit.SECONDS);
        c.sendBinary(ByteBuffer.wrap(new byte[] {1})).get(10, TimeUnit.SECONDS);
        assertThat(listener.nextBinary(Duration.ofSeconds(10))).isEqualTo(ByteBuffer.wrap(new byte[] {1}));
        assertThat(InMemoryRegistry.lookup(first)).containsSame(acceptor);
        ext.afterEach(null);

        assertThat(InMemoryRegistry.lookup(first)).isEmpty();
        assertThat(listener.terminal).isDone();
        assertThat(c.isOpen()).isFalse();
        assertThatThrownBy(ext::uri).isInstanceOf(IllegalStateException.class);
        ext.beforeEach(null);
        assertThat(ext.uri()).isNotEqualTo(first);
        assertThat(ext.acceptor()).isNotSameAs(acceptor);
        ext.afterEach(null);
    }

    @Test
    void of_withNullSupplier_throwsNamingIt() {
        assertThatThrownBy(() -> InMemoryServerExtension.of(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("acceptors");
    }
}
