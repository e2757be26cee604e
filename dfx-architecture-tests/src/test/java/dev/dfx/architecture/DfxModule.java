package dev.dfx.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The dfx modules that carry code, each named by its root package, with the dfx modules it may depend on
 * (docs/style.md §1 table). One table feeds every module-aware rule, so adding a module means adding a row here.
 *
 * <p>The testkit may use the JSON codec: its pom depends on {@code dfx-codec-json} because the fake server speaks
 * the real body format.
 */
enum DfxModule {
    CORE("dev.dfx.core"),
    CODEC_JSON("dev.dfx.codec.json", CORE),
    TRANSPORT_JETTY("dev.dfx.transport.jetty", CORE),
    TRANSPORT_NETTY("dev.dfx.transport.netty", CORE),
    TESTKIT("dev.dfx.testkit", CORE, CODEC_JSON),
    GUICE("dev.dfx.guice", CORE);

    /** Every module's classes live under this package. */
    static final String BASE_PACKAGE = "dev.dfx";

    private final String rootPackage;
    private final List<DfxModule> allowedDependencies;

    DfxModule(String rootPackage, DfxModule... allowedDependencies) {
        this.rootPackage = rootPackage;
        this.allowedDependencies = List.of(allowedDependencies);
    }

    /** The module's root package, e.g. {@code dev.dfx.codec.json}. */
    String rootPackage() {
        return rootPackage;
    }

    /** The module's short name: the root package without {@code dev.dfx.}, e.g. {@code codec.json}. */
    String moduleName() {
        return rootPackage.substring(BASE_PACKAGE.length() + 1);
    }

    /** ArchUnit package pattern for the module and all its subpackages, e.g. {@code dev.dfx.core..}. */
    String packagePattern() {
        return rootPackage + "..";
    }

    /** The module's internal package pattern, e.g. {@code dev.dfx.core.internal..}. */
    String internalPackagePattern() {
        return rootPackage + ".internal..";
    }

    /** The dfx modules this module may depend on. */
    List<DfxModule> allowedDependencies() {
        return allowedDependencies;
    }

    /** Module names of {@link #allowedDependencies()}. */
    String[] allowedDependencyNames() {
        return allowedDependencies.stream().map(DfxModule::moduleName).toArray(String[]::new);
    }

    /** Whether the package belongs to this module (its root package or a subpackage). */
    boolean contains(String packageName) {
        return packageName.equals(rootPackage) || packageName.startsWith(rootPackage + ".");
    }

    /**
     * The module that owns the package; the longest matching root wins, so a future {@code dev.dfx.core.x} module
     * would not be mistaken for core.
     */
    static Optional<DfxModule> ofPackage(String packageName) {
        return Arrays.stream(values())
                .filter(module -> module.contains(packageName))
                .max(Comparator.comparingInt(module -> module.rootPackage.length()));
    }

    /** The module that owns the class (an array belongs to the module of its component type). */
    static Optional<DfxModule> of(JavaClass javaClass) {
        return ofPackage(javaClass.getBaseComponentType().getPackageName());
    }

    /** The root packages of all modules. */
    static Set<String> rootPackages() {
        return Set.copyOf(Arrays.stream(values()).map(DfxModule::rootPackage).toList());
    }
}
