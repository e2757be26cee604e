package dev.dfx.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rule 7 on the real sources: every package has a documented package-info, every public type has Javadoc. */
class SourceDocumentationTest {

    /** Surefire runs in this module's folder and sets {@code basedir} to it; the project root is its parent. */
    private static Path projectRoot() {
        Path moduleDir = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        return moduleDir.getParent();
    }

    @Test
    void everyPackageHasDocumentedPackageInfo_andEveryPublicTypeHasJavadoc() {
        Path root = projectRoot();
        List<Path> sourceRoots = SourceDocumentationChecker.mainSourceRoots(root);
        assertThat(sourceRoots).as("main source folders found under %s", root)
                .contains(root.resolve("dfx-core/src/main/java"));

        SourceDocumentationChecker.Report report = sourceRoots.stream()
                .map(SourceDocumentationChecker::check)
                .reduce(new SourceDocumentationChecker.Report(0, 0, List.of()),
                        SourceDocumentationChecker.Report::plus);

        assertThat(report.packagesChecked()).as("packages checked").isPositive();
        assertThat(report.typesChecked()).as("type files checked").isPositive();
        assertThat(report.findings()).as("documentation findings").isEmpty();
    }
}
