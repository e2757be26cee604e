package dev.dfx.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JUnit 5 extension starts a server per class (static field) or per method (instance field) (issue 3). */
class FakeDfxServerExtensionTest {

    @Nested
    class PerMethod {
        private static final Set<FakeDfxServer> SEEN = new HashSet<>();

        @RegisterExtension
        final FakeDfxServerExtension dfx = FakeDfxServerExtension.withServer(b -> b.tokens("per-method"));

        @Test
        void firstTest_getsARunningSocketServer(FakeDfxServer server) {
            assertThat(server).isSameAs(dfx.server());
            assertThat(server.uri().toString()).startsWith("ws://127.0.0.1:");
            SEEN.add(server);
        }

        @Test
        void secondTest_getsAnotherServer(FakeDfxServer server) {
            SEEN.add(server);
            assertThat(server.openConnectionCount()).isZero();
        }

        @AfterAll
        static void eachTestHadItsOwnServer_andAllAreStopped() {
            assertThat(SEEN).hasSize(2);
            for (FakeDfxServer s : SEEN) {
                assertThatThrownBy(s::start).isInstanceOf(IllegalStateException.class);
            }
        }
    }

    @Nested
    class PerClass {
        @RegisterExtension
        static final FakeDfxServerExtension DFX = new FakeDfxServerExtension();
        private static FakeDfxServer first;

        @Test
        void a(FakeDfxServer server) {
            check(server);
        }

        @Test
        void b(FakeDfxServer server) {
            check(server);
        }

        private static synchronized void check(FakeDfxServer server) {
            if (first == null) {
                first = server;
            }
            assertThat(server).isSameAs(first);
        }

        @AfterAll
        static void serverStillRunsUntilTheClassEnds() {
            // User @AfterAll methods run before the extension's afterAll.
            assertThat(DFX.server()).isSameAs(first);
            classServer = first;
        }
    }

    private static FakeDfxServer classServer;

    @AfterAll
    static void classScopedServerIsStoppedAfterItsClass() {
        assertThat(classServer).isNotNull();
        assertThatThrownBy(classServer::start).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(PerClass.DFX::server).isInstanceOf(IllegalStateException.class);
    }
}
