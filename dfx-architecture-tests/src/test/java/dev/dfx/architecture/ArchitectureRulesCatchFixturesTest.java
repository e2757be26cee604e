package dev.dfx.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import dev.dfx.archfixture.OrphanOutsideModules;
import dev.dfx.codec.json.archfixture.CodecMarker;
import dev.dfx.codec.json.archfixture.internals.CodecUsingCoreInternals;
import dev.dfx.codec.json.archfixture.logging.UsesSlf4j;
import dev.dfx.codec.json.archfixture.modules.CodecUsingCore;
import dev.dfx.codec.json.archfixture.modules.CodecUsingGuice;
import dev.dfx.codec.json.archfixture.modules.CodecUsingJetty;
import dev.dfx.codec.json.archfixture.modules.CodecUsingTestkit;
import dev.dfx.core.archfixture.CoreMarker;
import dev.dfx.core.archfixture.cycle.CoreSideOfCycle;
import dev.dfx.core.archfixture.internals.CoreUsingOwnInternals;
import dev.dfx.core.archfixture.javabase.CoreUsingCodecModule;
import dev.dfx.core.archfixture.javabase.CoreUsingGuiceInject;
import dev.dfx.core.archfixture.javabase.CoreUsingJavaBaseOnly;
import dev.dfx.core.archfixture.javabase.CoreUsingJavaNetHttp;
import dev.dfx.core.archfixture.javabase.CoreUsingJavaSql;
import dev.dfx.core.archfixture.javabase.CoreUsingJavaUtilLogging;
import dev.dfx.core.archfixture.javabase.CoreUsingSwing;
import dev.dfx.core.archfixture.logging.LogsThroughSystemLogger;
import dev.dfx.core.archfixture.modules.CoreUsingGuiceModule;
import dev.dfx.core.internal.archfixture.CoreInternalHelper;
import dev.dfx.guice.archfixture.GuiceMarker;
import dev.dfx.guice.archfixture.injection.ClientProvider;
import dev.dfx.guice.archfixture.injection.FixtureClientModule;
import dev.dfx.guice.archfixture.logging.UsesJavaUtilLogging;
import dev.dfx.guice.archfixture.modules.GuiceUsingCodec;
import dev.dfx.guice.archfixture.modules.GuiceUsingCore;
import dev.dfx.guice.archfixture.modules.GuiceUsingJetty;
import dev.dfx.testkit.archfixture.TestkitMarker;
import dev.dfx.testkit.archfixture.cycle.TestkitSideOfCycle;
import dev.dfx.testkit.archfixture.logging.PrintsToStandardOut;
import dev.dfx.testkit.archfixture.modules.TestkitUsingCoreAndCodec;
import dev.dfx.transport.jetty.archfixture.JettyMarker;
import dev.dfx.transport.jetty.archfixture.api.HiddenJettyUse;
import dev.dfx.transport.jetty.archfixture.api.LeakyField;
import dev.dfx.transport.jetty.archfixture.api.LeakyReturnType;
import dev.dfx.transport.jetty.archfixture.injection.InjectedJettyHelper;
import dev.dfx.transport.jetty.archfixture.internals.JettyUsingNettyInternals;
import dev.dfx.transport.jetty.archfixture.logging.PrintsToStandardErr;
import dev.dfx.transport.jetty.archfixture.modules.JettyUsingCodec;
import dev.dfx.transport.jetty.archfixture.modules.JettyUsingCore;
import dev.dfx.transport.jetty.archfixture.modules.JettyUsingGuice;
import dev.dfx.transport.jetty.archfixture.modules.JettyUsingNetty;
import dev.dfx.transport.jetty.archfixture.modules.JettyUsingTestkit;
import dev.dfx.transport.netty.archfixture.NettyMarker;
import dev.dfx.transport.netty.archfixture.api.LeakyBoundsAndThrows;
import dev.dfx.transport.netty.archfixture.api.LeakyParameter;
import dev.dfx.transport.netty.archfixture.api.LeakySupertype;
import dev.dfx.transport.netty.archfixture.api.LeakyTypeArgument;
import dev.dfx.transport.netty.archfixture.logging.PrintsStackTrace;
import dev.dfx.transport.netty.archfixture.modules.NettyUsingCodec;
import dev.dfx.transport.netty.archfixture.modules.NettyUsingGuice;
import dev.dfx.transport.netty.archfixture.modules.NettyUsingJetty;
import dev.dfx.transport.netty.archfixture.modules.NettyUsingTestkit;
import dev.dfx.transport.netty.internal.archfixture.NettyInternalHandler;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Proves that every rule of {@link DfxArchitectureRules} can fail: each bad fixture (test sources, in a package that
 * imitates the module it breaks) is imported alone and the rule must reject it, naming the offence. Good fixtures
 * show that each rule's allowances hold.
 */
class ArchitectureRulesCatchFixturesTest {

    private static JavaClasses importOnly(Class<?>... classes) {
        return new ClassFileImporter().importClasses(classes);
    }

    private static void assertRejects(ArchRule rule, JavaClasses fixtures, String... expectedInMessage) {
        assertThatThrownBy(() -> rule.check(fixtures))
                .isInstanceOf(AssertionError.class)
                .hasMessageContainingAll(expectedInMessage);
    }

    private static void assertAccepts(ArchRule rule, JavaClasses fixtures) {
        assertThat(fixtures).as("fixtures imported").isNotEmpty();
        assertThatCode(() -> rule.check(fixtures)).doesNotThrowAnyException();
    }

    private static Arguments fixture(String name, Class<?> fixture, String... expectedInMessage) {
        return Arguments.of(Named.of(name, fixture), expectedInMessage);
    }

    @Test
    void ruleMatchingNoClass_failsInsteadOfPassing() {
        // failOnEmptyShould is on: a rule whose that() selects nothing fails, so no rule can pass vacuously.
        assertRejects(DfxArchitectureRules.CORE_DEPENDS_ONLY_ON_JAVA_BASE, importOnly(GuiceMarker.class),
                "failed to check any classes");
    }

    /** Rule 1: core is java.base only. */
    @Nested
    class CoreDependsOnlyOnJavaBase {

        static Stream<Arguments> badCoreClasses() {
            return Stream.of(
                    fixture("java.sql", CoreUsingJavaSql.class, "java.sql.Timestamp"),
                    fixture("java.net.http", CoreUsingJavaNetHttp.class, "java.net.http.HttpClient"),
                    fixture("java.util.logging", CoreUsingJavaUtilLogging.class, "java.util.logging.Logger"),
                    fixture("javax.swing (java.desktop)", CoreUsingSwing.class, "javax.swing.JButton"),
                    fixture("Guice @Inject", CoreUsingGuiceInject.class, "com.google.inject.Inject"),
                    fixture("another dfx module", CoreUsingCodecModule.class, CodecMarker.class.getName()));
        }

        @ParameterizedTest
        @MethodSource("badCoreClasses")
        void coreClassUsingNonJavaBaseType_isRejected(Class<?> fixture, String[] expected) {
            String[] all = Stream.concat(Stream.of(fixture.getName()), Stream.of(expected)).toArray(String[]::new);
            assertRejects(DfxArchitectureRules.CORE_DEPENDS_ONLY_ON_JAVA_BASE, importOnly(fixture), all);
        }

        @Test
        void coreClassUsingSslSecurityArraysAndSystemLogger_isAccepted() {
            assertAccepts(DfxArchitectureRules.CORE_DEPENDS_ONLY_ON_JAVA_BASE, importOnly(CoreUsingJavaBaseOnly.class));
        }

        @Test
        void javaBaseExports_includeSslAndAuth_andExcludeOtherJdkModules() {
            assertThat(DfxArchitectureRules.JAVA_BASE_EXPORTS)
                    .contains("java.lang", "java.util.concurrent", "javax.net.ssl", "javax.security.auth")
                    .doesNotContain("java.sql", "java.net.http", "java.util.logging", "java.awt", "javax.swing",
                            "jdk.internal.misc", "sun.nio.ch");
        }
    }

    /** Rule 2: module dependencies follow the docs/style.md §1 table, and the module graph has no cycle. */
    @Nested
    class ModuleGraph {

        static Stream<Arguments> forbiddenModuleDependencies() {
            return Stream.of(
                    Arguments.of(Named.of("core -> guice", CoreUsingGuiceModule.class), GuiceMarker.class),
                    Arguments.of(Named.of("codec -> testkit", CodecUsingTestkit.class), TestkitMarker.class),
                    Arguments.of(Named.of("codec -> jetty", CodecUsingJetty.class), JettyMarker.class),
                    Arguments.of(Named.of("codec -> guice", CodecUsingGuice.class), GuiceMarker.class),
                    Arguments.of(Named.of("jetty -> netty", JettyUsingNetty.class), NettyMarker.class),
                    Arguments.of(Named.of("jetty -> codec", JettyUsingCodec.class), CodecMarker.class),
                    Arguments.of(Named.of("jetty -> testkit", JettyUsingTestkit.class), TestkitMarker.class),
                    Arguments.of(Named.of("jetty -> guice", JettyUsingGuice.class), GuiceMarker.class),
                    Arguments.of(Named.of("netty -> jetty", NettyUsingJetty.class), JettyMarker.class),
                    Arguments.of(Named.of("netty -> codec", NettyUsingCodec.class), CodecMarker.class),
                    Arguments.of(Named.of("netty -> testkit", NettyUsingTestkit.class), TestkitMarker.class),
                    Arguments.of(Named.of("netty -> guice", NettyUsingGuice.class), GuiceMarker.class),
                    Arguments.of(Named.of("guice -> codec", GuiceUsingCodec.class), CodecMarker.class),
                    Arguments.of(Named.of("guice -> jetty", GuiceUsingJetty.class), JettyMarker.class));
        }

        @ParameterizedTest
        @MethodSource("forbiddenModuleDependencies")
        void dependencyOutsideTheTable_isRejected(Class<?> fixture, Class<?> target) {
            assertRejects(DfxArchitectureRules.MODULES_RESPECT_ALLOWED_DEPENDENCIES, importOnly(fixture, target),
                    fixture.getName(), target.getName());
        }

        @Test
        void dependenciesInTheTable_areAcceptedAndAcyclic() {
            JavaClasses allowed = importOnly(CoreMarker.class, CodecUsingCore.class, JettyUsingCore.class,
                    GuiceUsingCore.class, TestkitUsingCoreAndCodec.class, CodecMarker.class);

            assertAccepts(DfxArchitectureRules.MODULES_RESPECT_ALLOWED_DEPENDENCIES, allowed);
            assertAccepts(DfxArchitectureRules.MODULES_ARE_FREE_OF_CYCLES, allowed);
        }

        @Test
        void cycleBetweenCoreAndTestkit_isRejected() {
            assertRejects(DfxArchitectureRules.MODULES_ARE_FREE_OF_CYCLES,
                    importOnly(CoreSideOfCycle.class, TestkitSideOfCycle.class),
                    "Cycle", CoreSideOfCycle.class.getName(), TestkitSideOfCycle.class.getName());
        }

        @Test
        void classOutsideEveryModuleRoot_isRejected() {
            assertRejects(DfxArchitectureRules.EVERY_CLASS_BELONGS_TO_A_KNOWN_MODULE,
                    importOnly(OrphanOutsideModules.class), OrphanOutsideModules.class.getName());
        }

        @Test
        void classesInEveryModuleRoot_areAccepted() {
            assertAccepts(DfxArchitectureRules.EVERY_CLASS_BELONGS_TO_A_KNOWN_MODULE, importOnly(CoreMarker.class,
                    CodecMarker.class, JettyMarker.class, NettyMarker.class, TestkitMarker.class, GuiceMarker.class));
        }

        @Test
        void moduleOfPackage_prefersLongestRootAndNeedsASegmentBoundary() {
            assertThat(DfxModule.ofPackage("dev.dfx.codec.json.internal")).contains(DfxModule.CODEC_JSON);
            assertThat(DfxModule.ofPackage("dev.dfx.core")).contains(DfxModule.CORE);
            assertThat(DfxModule.ofPackage("dev.dfx.corex")).isEmpty();
            assertThat(DfxModule.ofPackage("dev.dfx.codec.jsonx")).isEmpty();
        }
    }

    /** Rule 3: only {@code *Module} classes touch Guice and the inject annotations. */
    @Nested
    class OnlyModuleClassesTouchInjection {

        @Test
        void guiceProviderOutsideAModule_isRejected() {
            assertRejects(DfxArchitectureRules.ONLY_MODULE_CLASSES_TOUCH_INJECTION, importOnly(ClientProvider.class),
                    ClientProvider.class.getName(), "com.google.inject.Provider");
        }

        @Test
        void jakartaInjectAnnotationOutsideAModule_isRejected() {
            assertRejects(DfxArchitectureRules.ONLY_MODULE_CLASSES_TOUCH_INJECTION,
                    importOnly(InjectedJettyHelper.class), InjectedJettyHelper.class.getName(), "jakarta.inject.Inject");
        }

        @Test
        void moduleWithNestedAndAnonymousClasses_isAccepted() {
            // CoreMarker keeps the rule from being empty: the module's own classes are exempt, so they alone
            // would leave nothing to check (and failOnEmptyShould would fail the rule for that reason instead).
            JavaClasses moduleAndPlainClass = new ClassFileImporter()
                    .importPackages(FixtureClientModule.class.getPackageName(), CoreMarker.class.getPackageName())
                    .that(DescribedPredicate.not(JavaClass.Predicates.equivalentTo(ClientProvider.class))
                            .and(JavaClass.Predicates.resideInAnyPackage(FixtureClientModule.class.getPackageName())
                                    .or(JavaClass.Predicates.equivalentTo(CoreMarker.class))));

            assertThat(moduleAndPlainClass.stream().map(JavaClass::getName)).containsExactlyInAnyOrder(
                    FixtureClientModule.class.getName(), FixtureClientModule.Settings.class.getName(),
                    FixtureClientModule.class.getName() + "$1", CoreMarker.class.getName());
            assertAccepts(DfxArchitectureRules.ONLY_MODULE_CLASSES_TOUCH_INJECTION, moduleAndPlainClass);
        }
    }

    /** Rule 4: nothing outside a module touches its internal packages. */
    @Nested
    class InternalsStayInTheirModule {

        @Test
        void codecCallingCoreInternals_isRejected() {
            assertRejects(DfxArchitectureRules.NO_ACCESS_TO_ANOTHER_MODULES_INTERNALS,
                    importOnly(CodecUsingCoreInternals.class, CoreInternalHelper.class),
                    CodecUsingCoreInternals.class.getName(), CoreInternalHelper.class.getName(), "dev.dfx.core");
        }

        @Test
        void jettyNamingNettyInternalType_isRejected() {
            assertRejects(DfxArchitectureRules.NO_ACCESS_TO_ANOTHER_MODULES_INTERNALS,
                    importOnly(JettyUsingNettyInternals.class, NettyInternalHandler.class),
                    JettyUsingNettyInternals.class.getName(), NettyInternalHandler.class.getName());
        }

        @Test
        void coreUsingItsOwnInternals_isAccepted() {
            assertAccepts(DfxArchitectureRules.NO_ACCESS_TO_ANOTHER_MODULES_INTERNALS,
                    importOnly(CoreUsingOwnInternals.class, CoreInternalHelper.class));
        }

        @Test
        void isInternal_matchesWholeSegmentsOnly() {
            assertThat(DfxArchitectureRules.isInternal("dev.dfx.core.internal")).isTrue();
            assertThat(DfxArchitectureRules.isInternal("dev.dfx.core.frame.internal.x")).isTrue();
            assertThat(DfxArchitectureRules.isInternal("dev.dfx.core.internals")).isFalse();
            assertThat(DfxArchitectureRules.isInternal("dev.dfx.core.international")).isFalse();
        }
    }

    /** Rule 5: no printing, no java.util.logging, no other logging API. */
    @Nested
    class LoggingOnlyThroughSystemLogger {

        @Test
        void systemOut_isRejected() {
            assertRejects(DfxArchitectureRules.NO_STANDARD_STREAMS, importOnly(PrintsToStandardOut.class),
                    PrintsToStandardOut.class.getName(), "System.out");
        }

        @Test
        void systemErr_isRejected() {
            assertRejects(DfxArchitectureRules.NO_STANDARD_STREAMS, importOnly(PrintsToStandardErr.class),
                    PrintsToStandardErr.class.getName(), "System.err");
        }

        @Test
        void printStackTrace_isRejected() {
            assertRejects(DfxArchitectureRules.NO_STANDARD_STREAMS, importOnly(PrintsStackTrace.class),
                    PrintsStackTrace.class.getName(), "printStackTrace");
        }

        @Test
        void javaUtilLogging_isRejected() {
            assertRejects(DfxArchitectureRules.NO_JAVA_UTIL_LOGGING, importOnly(UsesJavaUtilLogging.class),
                    UsesJavaUtilLogging.class.getName(), "java.util.logging.Logger");
        }

        @Test
        void slf4j_isRejected() {
            assertRejects(DfxArchitectureRules.NO_OTHER_LOGGING_API, importOnly(UsesSlf4j.class),
                    UsesSlf4j.class.getName(), "org.slf4j.Logger");
        }

        @Test
        void systemLogger_isAcceptedByEveryLoggingRule() {
            JavaClasses good = importOnly(LogsThroughSystemLogger.class);
            assertAccepts(DfxArchitectureRules.NO_STANDARD_STREAMS, good);
            assertAccepts(DfxArchitectureRules.NO_JAVA_UTIL_LOGGING, good);
            assertAccepts(DfxArchitectureRules.NO_OTHER_LOGGING_API, good);
        }
    }

    /** Rule 6: no Jetty or Netty type in the public API, except "bring your own client or group". */
    @Nested
    class NoJettyOrNettyInPublicApi {

        static Stream<Arguments> leakyApis() {
            return Stream.of(
                    fixture("Jetty return type", LeakyReturnType.class,
                            "session()", "org.eclipse.jetty.websocket.api.Session", "return type"),
                    fixture("Jetty public field", LeakyField.class,
                            "client", "org.eclipse.jetty.websocket.client.WebSocketClient", "field type"),
                    fixture("Netty parameter", LeakyParameter.class,
                            "attach(io.netty.channel.Channel)", "parameter type"),
                    fixture("Netty type argument of a protected method", LeakyTypeArgument.class,
                            "frames()", "io.netty.buffer.ByteBuf"),
                    fixture("Netty type-parameter bound and thrown type", LeakyBoundsAndThrows.class,
                            "io.netty.channel.Channel as type parameter", "flush()",
                            "io.netty.channel.ChannelException as thrown type"),
                    fixture("Netty superclass", LeakySupertype.class,
                            "io.netty.channel.ChannelInboundHandlerAdapter", "superclass"),
                    fixture("JettyTransport getter and non-factory static method",
                            dev.dfx.transport.jetty.archfixture.leak.JettyTransport.class,
                            "client()", "describe(org.eclipse.jetty.websocket.client.WebSocketClient)"),
                    fixture("NettyTransport factory taking a Jetty type",
                            dev.dfx.transport.netty.archfixture.leak.NettyTransport.class,
                            "create(org.eclipse.jetty.websocket.client.WebSocketClient)"));
        }

        @ParameterizedTest
        @MethodSource("leakyApis")
        void ioLibraryTypeInPublicApi_isRejected(Class<?> fixture, String[] expected) {
            String[] all = Stream.concat(Stream.of(fixture.getName()), Stream.of(expected)).toArray(String[]::new);
            assertRejects(DfxArchitectureRules.NO_JETTY_OR_NETTY_IN_PUBLIC_API, importOnly(fixture), all);
        }

        @Test
        void jettyTransportConstructorTakingUsersClient_isNotReported() {
            assertThatThrownBy(() -> DfxArchitectureRules.NO_JETTY_OR_NETTY_IN_PUBLIC_API
                    .check(importOnly(dev.dfx.transport.jetty.archfixture.leak.JettyTransport.class)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageNotContaining("<init>");
        }

        @Test
        void bringYourOwnClientOrGroupFactories_areAccepted() {
            assertAccepts(DfxArchitectureRules.NO_JETTY_OR_NETTY_IN_PUBLIC_API, importOnly(
                    dev.dfx.transport.jetty.archfixture.byoc.JettyTransport.class,
                    dev.dfx.transport.netty.archfixture.byoc.NettyTransport.class));
        }

        @Test
        void ioLibraryTypesInPrivateMembersNonPublicTypesAndInternalPackages_areAccepted() {
            JavaClasses hidden = new ClassFileImporter()
                    .importPackages(HiddenJettyUse.class.getPackageName(), NettyInternalHandler.class.getPackageName())
                    .that(JavaClass.Predicates.simpleNameStartingWith("Hidden")
                            .or(HasName.Predicates.name(HiddenJettyUse.class.getName() + "$Listener"))
                            .or(JavaClass.Predicates.equivalentTo(NettyInternalHandler.class)));

            assertThat(hidden.stream().map(JavaClass::getSimpleName))
                    .containsExactlyInAnyOrder("HiddenJettyUse", "Listener", "NettyInternalHandler");
            assertAccepts(DfxArchitectureRules.NO_JETTY_OR_NETTY_IN_PUBLIC_API, hidden);
        }
    }
}
