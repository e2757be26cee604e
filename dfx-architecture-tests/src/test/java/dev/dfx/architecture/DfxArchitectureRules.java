package dev.dfx.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.modules.syntax.ModuleDependencyScope.consideringOnlyDependenciesBetweenModules;
import static com.tngtech.archunit.library.modules.syntax.ModuleRuleDefinition.modules;

import com.tngtech.archunit.base.DescribedFunction;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.domain.JavaTypeVariable;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvent;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.GeneralCodingRules;
import com.tngtech.archunit.library.modules.ArchModule;
import com.tngtech.archunit.library.modules.syntax.AllowedModuleDependencies;
import com.tngtech.archunit.library.modules.syntax.DescriptorFunction;
import com.tngtech.archunit.library.modules.syntax.GivenModules;
import java.lang.module.ModuleDescriptor;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The architecture rules of dfx-java (docs/style.md §1, §2, §8, §10, §11), defined once and used twice: by
 * {@link HexagonArchitectureTest} on the production classes, and by {@link ArchitectureRulesCatchFixturesTest} on
 * deliberately bad fixtures, which proves that each rule can fail (ArchUnit issue 842: a rule that always passed).
 *
 * <p>Every rule keeps {@code failOnEmptyShould} on: each one selects classes that exist today (core is never
 * empty), and the module rules work on the modules that exist, so an adapter module that is still empty is simply
 * not a module yet rather than a reason to fail.
 */
final class DfxArchitectureRules {

    /** Base package pattern of all production code. */
    static final String DFX = DfxModule.BASE_PACKAGE + "..";

    /** Packages exported (to everyone) by {@code java.base}: the only JDK API that core may use. */
    static final Set<String> JAVA_BASE_EXPORTS = Object.class.getModule().getDescriptor().exports().stream()
            .filter(export -> !export.isQualified())
            .map(ModuleDescriptor.Exports::source)
            .collect(Collectors.toUnmodifiableSet());

    static final DescribedPredicate<JavaClass> IN_JAVA_BASE = describe(
            "belong to a package exported by java.base",
            javaClass -> javaClass.getBaseComponentType().isPrimitive()
                    || JAVA_BASE_EXPORTS.contains(javaClass.getBaseComponentType().getPackageName()));

    // ---------------------------------------------------------------------------------------------------------
    // Rule 1: core is java.base only.

    /**
     * Core depends only on {@code dev.dfx.core..} and on packages that {@code java.base} exports. That admits
     * {@code java.lang}, {@code java.util..}, {@code javax.net.ssl}, {@code javax.security.auth..} and so on, and
     * rejects {@code java.sql}, {@code java.net.http}, {@code java.util.logging}, {@code java.awt}, {@code javax.swing},
     * JDK internals and every library (Guice's {@code @Inject} included).
     */
    static final ArchRule CORE_DEPENDS_ONLY_ON_JAVA_BASE = classes()
            .that().resideInAPackage(DfxModule.CORE.packagePattern())
            .should().onlyDependOnClassesThat(resideInAPackage(DfxModule.CORE.packagePattern()).or(IN_JAVA_BASE))
            .because("dfx-core needs java.base only, so every adapter and user can take it (docs/style.md §1)");

    // ---------------------------------------------------------------------------------------------------------
    // Rule 2: the module graph.

    /** Every production class belongs to a module of {@link DfxModule}; otherwise the module rules would miss it. */
    static final ArchRule EVERY_CLASS_BELONGS_TO_A_KNOWN_MODULE = classes()
            .that().resideInAPackage(DFX)
            .should(new ArchCondition<JavaClass>("reside in the root package of a known dfx module "
                    + DfxModule.rootPackages().stream().sorted().toList()) {
                @Override
                public void check(JavaClass javaClass, ConditionEvents events) {
                    if (DfxModule.of(javaClass).isEmpty()) {
                        events.add(SimpleConditionEvent.violated(javaClass, javaClass.getName()
                                + " is in no known dfx module; add its module to DfxModule"));
                    }
                }
            })
            .because("a module's root package is its artifactId (docs/style.md §1), and the module rules need the table");

    private static final DescribedFunction<JavaClass, ArchModule.Identifier> MODULE_OF_CLASS =
            DescribedFunction.describe("the dfx module whose root package holds the class",
                    javaClass -> DfxModule.of(javaClass)
                            .map(module -> ArchModule.Identifier.from(module.moduleName()))
                            .orElseGet(ArchModule.Identifier::ignore));

    /** The dfx modules present in an import, each named by its root package without {@code dev.dfx.}. */
    static GivenModules<ArchModule.Descriptor> dfxModules() {
        return modules()
                .definedBy(MODULE_OF_CLASS)
                .derivingModule(DescriptorFunction.describe("named after its root package",
                        (identifier, containedClasses) -> ArchModule.Descriptor.create(identifier.getPart(1))))
                .as("dfx modules (root packages as in DfxModule)");
    }

    /** The allowed dependencies of docs/style.md §1, from {@link DfxModule}. */
    static AllowedModuleDependencies allowedModuleDependencies() {
        AllowedModuleDependencies allowed = null;
        for (DfxModule module : DfxModule.values()) {
            allowed = (allowed == null
                    ? AllowedModuleDependencies.allow().fromModule(module.moduleName())
                    : allowed.fromModule(module.moduleName()))
                    .toModules(module.allowedDependencyNames());
        }
        return allowed;
    }

    /**
     * Modules depend only on the modules the table allows: core on none; codec, transports and guice on core;
     * the testkit on core and the codec. So the transports never see each other, the codec, the testkit or guice.
     */
    static final ArchRule MODULES_RESPECT_ALLOWED_DEPENDENCIES = dfxModules()
            .should().respectTheirAllowedDependencies(
                    allowedModuleDependencies(), consideringOnlyDependenciesBetweenModules())
            .because("adapters never depend on each other and core depends on none of them (docs/style.md §1)");

    /** The module graph has no cycle. */
    static final ArchRule MODULES_ARE_FREE_OF_CYCLES = dfxModules()
            .should().beFreeOfCycles()
            .because("the module graph must be cycle-free (docs/style.md §10)");

    // ---------------------------------------------------------------------------------------------------------
    // Rule 3: only Guice modules touch dependency injection.

    static final DescribedPredicate<JavaClass> OUTSIDE_MODULE_CLASSES = describe(
            "are not declared in a top-level class named *Module",
            javaClass -> !topLevelClassOf(javaClass).getSimpleName().endsWith("Module"));

    /**
     * Only {@code *Module} classes (and the nested, anonymous and lambda classes they declare, such as a
     * {@code TypeLiteral} subclass) touch Guice or the inject annotations.
     */
    static final ArchRule ONLY_MODULE_CLASSES_TOUCH_INJECTION = noClasses()
            .that().resideInAPackage(DFX).and(OUTSIDE_MODULE_CLASSES)
            .should().dependOnClassesThat()
            .resideInAnyPackage("com.google.inject..", "jakarta.inject..", "javax.inject..")
            .because("the plain builder path needs no Guice; Guice modules only call the same factories "
                    + "(docs/style.md §7, §10)");

    // ---------------------------------------------------------------------------------------------------------
    // Rule 4: internal packages stay inside their module.

    /** Nothing outside a module touches a package of it that has an {@code internal} segment. */
    static final ArchRule NO_ACCESS_TO_ANOTHER_MODULES_INTERNALS = classes()
            .that().resideInAPackage(DFX)
            .should(new ArchCondition<JavaClass>("touch only the internal packages of their own module") {
                @Override
                public void check(JavaClass origin, ConditionEvents events) {
                    Optional<DfxModule> originModule = DfxModule.of(origin);
                    for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                        JavaClass target = dependency.getTargetClass().getBaseComponentType();
                        Optional<DfxModule> targetModule = DfxModule.of(target);
                        if (targetModule.isPresent() && isInternal(target.getPackageName())
                                && !targetModule.equals(originModule)) {
                            events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()
                                    + " reaches into the internals of " + targetModule.get().rootPackage()));
                        }
                    }
                }
            })
            .because("internal packages have no compatibility promise and no other module may touch them "
                    + "(docs/style.md §1)");

    static boolean isInternal(String packageName) {
        return ("." + packageName + ".").contains(".internal.");
    }

    // ---------------------------------------------------------------------------------------------------------
    // Rule 5: logging only through System.Logger.

    /** No {@code System.out}, no {@code System.err}, no {@code Throwable.printStackTrace()}. */
    static final ArchRule NO_STANDARD_STREAMS = noClasses()
            .that().resideInAPackage(DFX)
            .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS)
            .because("library code logs through System.Logger and never prints (docs/style.md §8)");

    /** No {@code java.util.logging}. */
    static final ArchRule NO_JAVA_UTIL_LOGGING = noClasses()
            .that().resideInAPackage(DFX)
            .should().dependOnClassesThat().resideInAPackage("java.util.logging..")
            .because("one facade, System.Logger, across all modules (docs/style.md §8)");

    /** No other logging API either: users route System.Logger wherever they like. */
    static final ArchRule NO_OTHER_LOGGING_API = noClasses()
            .that().resideInAPackage(DFX)
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.slf4j..", "org.apache.logging.log4j..", "org.apache.log4j..", "org.apache.commons.logging..")
            .because("no SLF4J API: one facade, System.Logger, across all modules (docs/style.md §8)");

    // ---------------------------------------------------------------------------------------------------------
    // Rule 6: no Jetty or Netty type in the public API.

    static final String JETTY = "org.eclipse.jetty";
    static final String NETTY = "io.netty";

    /**
     * Public types, nested in public types all the way out, outside {@code internal} packages: the API that users
     * compile against. (Internal packages have no compatibility promise, and a public Netty handler there must
     * override public methods that take Netty types.)
     */
    static final DescribedPredicate<JavaClass> PUBLIC_API_TYPES = describe(
            "are public API types (public, in public enclosing types, outside internal packages)",
            javaClass -> isEffectivelyPublic(javaClass) && !isInternal(javaClass.getPackageName()));

    /**
     * No public or protected member, supertype or type parameter of a public API type mentions a Jetty or Netty
     * type, except that the public constructors and static factories of {@code JettyTransport} /
     * {@code NettyTransport} may take the user's own Jetty client / Netty event-loop group as a parameter.
     */
    static final ArchRule NO_JETTY_OR_NETTY_IN_PUBLIC_API = classes()
            .that().resideInAPackage(DFX).and(PUBLIC_API_TYPES)
            .should(new NotExposeIoLibraryTypes())
            .because("users must be able to swap transports without touching Jetty or Netty types; only the "
                    + "'bring your own client or event-loop group' constructor may name one (docs/style.md §11)");

    private DfxArchitectureRules() {
    }

    static JavaClass topLevelClassOf(JavaClass javaClass) {
        JavaClass current = javaClass;
        while (current.getEnclosingClass().isPresent()) {
            current = current.getEnclosingClass().get();
        }
        return current;
    }

    static boolean isEffectivelyPublic(JavaClass javaClass) {
        Optional<JavaClass> current = Optional.of(javaClass);
        while (current.isPresent()) {
            if (!current.get().getModifiers().contains(JavaModifier.PUBLIC)) {
                return false;
            }
            current = current.get().getEnclosingClass();
        }
        return true;
    }

    static boolean isIoLibraryType(JavaClass javaClass) {
        String name = javaClass.getBaseComponentType().getName();
        return name.startsWith(JETTY + ".") || name.startsWith(NETTY + ".");
    }

    /** The condition of {@link #NO_JETTY_OR_NETTY_IN_PUBLIC_API}. */
    private static final class NotExposeIoLibraryTypes extends ArchCondition<JavaClass> {

        NotExposeIoLibraryTypes() {
            super("not expose Jetty (" + JETTY + "..) or Netty (" + NETTY + "..) types in their public API");
        }

        @Override
        public void check(JavaClass javaClass, ConditionEvents events) {
            javaClass.getSuperclass().ifPresent(type -> report(javaClass, "superclass", type, events));
            javaClass.getInterfaces().forEach(type -> report(javaClass, "interface", type, events));
            javaClass.getTypeParameters().forEach(type -> report(javaClass, "type parameter", type, events));
            for (JavaMember member : javaClass.getMembers()) {
                if (!isApi(member)) {
                    continue;
                }
                if (member instanceof JavaField field) {
                    report(member, "field type", field.getType(), events);
                } else if (member instanceof JavaCodeUnit codeUnit) {
                    checkCodeUnit(codeUnit, events);
                }
            }
        }

        private static void checkCodeUnit(JavaCodeUnit codeUnit, ConditionEvents events) {
            String allowedInParameters = bringYourOwnLibrary(codeUnit);
            for (JavaType parameterType : codeUnit.getParameterTypes()) {
                for (JavaClass involved : parameterType.getAllInvolvedRawTypes()) {
                    if (isIoLibraryType(involved) && (allowedInParameters == null
                            || !involved.getName().startsWith(allowedInParameters + "."))) {
                        events.add(violation(codeUnit, "parameter type", involved));
                    }
                }
            }
            if (codeUnit.isMethod()) {
                report(codeUnit, "return type", codeUnit.getReturnType(), events);
            }
            for (JavaClass thrown : codeUnit.getThrowsClause().getTypes()) {
                if (isIoLibraryType(thrown)) {
                    events.add(violation(codeUnit, "thrown type", thrown));
                }
            }
            for (JavaTypeVariable<? extends JavaCodeUnit> typeParameter : codeUnit.getTypeParameters()) {
                report(codeUnit, "type parameter", typeParameter, events);
            }
        }

        /**
         * The library whose types the code unit may take as parameters: a public constructor or static factory
         * (a static method returning its own class) of a class named {@code JettyTransport} in the Jetty transport
         * module may take Jetty types, likewise {@code NettyTransport} with Netty types; otherwise {@code null}.
         */
        private static String bringYourOwnLibrary(JavaCodeUnit codeUnit) {
            JavaClass owner = codeUnit.getOwner();
            boolean factory = codeUnit.isConstructor()
                    || (codeUnit.getModifiers().contains(JavaModifier.STATIC)
                            && codeUnit.getRawReturnType().equals(owner));
            if (!factory) {
                return null;
            }
            if (owner.getSimpleName().equals("JettyTransport")
                    && DfxModule.TRANSPORT_JETTY.contains(owner.getPackageName())) {
                return JETTY;
            }
            if (owner.getSimpleName().equals("NettyTransport")
                    && DfxModule.TRANSPORT_NETTY.contains(owner.getPackageName())) {
                return NETTY;
            }
            return null;
        }

        private static boolean isApi(JavaMember member) {
            Set<JavaModifier> modifiers = member.getModifiers();
            return (modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED))
                    && !modifiers.contains(JavaModifier.SYNTHETIC) && !modifiers.contains(JavaModifier.BRIDGE);
        }

        private static void report(Object location, String where, JavaType type, ConditionEvents events) {
            Set<JavaClass> involved = new LinkedHashSet<>(type.getAllInvolvedRawTypes());
            if (type instanceof JavaTypeVariable<?> variable) {
                variable.getUpperBounds().forEach(bound -> involved.addAll(bound.getAllInvolvedRawTypes()));
            }
            for (JavaClass javaClass : involved) {
                if (isIoLibraryType(javaClass)) {
                    events.add(violation(location, where, javaClass));
                }
            }
        }

        private static ConditionEvent violation(Object location, String where, JavaClass exposed) {
            String name = location instanceof JavaMember member ? member.getFullName()
                    : ((JavaClass) location).getName();
            return SimpleConditionEvent.violated(location, name + " exposes " + exposed.getName() + " as " + where);
        }
    }
}
