package dev.dfx.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.dfx.core.ActionId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The production import that {@link HexagonArchitectureTest} uses sees main code and nothing else. */
class ProductionImportTest {

    private static JavaClasses production;

    @BeforeAll
    static void importProduction() {
        production = new ClassFileImporter()
                .withImportOption(new ImportOption.DoNotIncludeTests())
                .withImportOption(new ExcludeArchFixtures())
                .importPackages(DfxModule.BASE_PACKAGE);
    }

    @Test
    void productionImport_containsCoreMainClasses() {
        assertThat(production.contain(ActionId.class)).isTrue();
    }

    @Test
    void productionImport_excludesFixturesAndTestClasses() {
        assertThat(production.stream().map(JavaClass::getName))
                .isNotEmpty()
                .noneMatch(name -> name.contains("." + ExcludeArchFixtures.FIXTURE_SEGMENT + "."))
                .noneMatch(name -> name.startsWith("dev.dfx.architecture."));
        assertThat(production.stream().flatMap(javaClass -> javaClass.getSource().stream()))
                .isNotEmpty()
                .noneMatch(source -> source.getUri().toString().contains("/test-classes/"));
    }

    @Test
    void fixtureExclusion_rejectsFixtureLocationsOnly() {
        ClassFileImporter importer = new ClassFileImporter().withImportOption(new ExcludeArchFixtures());
        assertThat(importer.importClasses(dev.dfx.core.archfixture.CoreMarker.class).contain(
                dev.dfx.core.archfixture.CoreMarker.class)).isFalse();
        assertThat(importer.importClasses(ActionId.class).contain(ActionId.class)).isTrue();
    }
}
