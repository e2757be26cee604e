package dev.dfx.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Checks the architecture rules of {@link DfxArchitectureRules} on the production classes of every dfx module
 * (main code only: test classes and the fixtures of this module are not imported).
 */
@AnalyzeClasses(
        packages = DfxModule.BASE_PACKAGE,
        importOptions = {ImportOption.DoNotIncludeTests.class, ExcludeArchFixtures.class})
class HexagonArchitectureTest {

    @ArchTest
    static final ArchRule coreDependsOnlyOnJavaBase = DfxArchitectureRules.CORE_DEPENDS_ONLY_ON_JAVA_BASE;

    @ArchTest
    static final ArchRule everyClassBelongsToAKnownModule = DfxArchitectureRules.EVERY_CLASS_BELONGS_TO_A_KNOWN_MODULE;

    @ArchTest
    static final ArchRule modulesRespectAllowedDependencies = DfxArchitectureRules.MODULES_RESPECT_ALLOWED_DEPENDENCIES;

    @ArchTest
    static final ArchRule modulesAreFreeOfCycles = DfxArchitectureRules.MODULES_ARE_FREE_OF_CYCLES;

    @ArchTest
    static final ArchRule onlyModuleClassesTouchInjection = DfxArchitectureRules.ONLY_MODULE_CLASSES_TOUCH_INJECTION;

    @ArchTest
    static final ArchRule noAccessToAnotherModulesInternals =
            DfxArchitectureRules.NO_ACCESS_TO_ANOTHER_MODULES_INTERNALS;

    @ArchTest
    static final ArchRule noStandardStreams = DfxArchitectureRules.NO_STANDARD_STREAMS;

    @ArchTest
    static final ArchRule noJavaUtilLogging = DfxArchitectureRules.NO_JAVA_UTIL_LOGGING;

    @ArchTest
    static final ArchRule noOtherLoggingApi = DfxArchitectureRules.NO_OTHER_LOGGING_API;

    @ArchTest
    static final ArchRule noJettyOrNettyInPublicApi = DfxArchitectureRules.NO_JETTY_OR_NETTY_IN_PUBLIC_API;
}
