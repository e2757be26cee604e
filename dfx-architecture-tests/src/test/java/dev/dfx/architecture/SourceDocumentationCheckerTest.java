package dev.dfx.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Proves that rule 7's source check fails on bad fixture sources and accepts good ones. */
class SourceDocumentationCheckerTest {

    private static final String DOCUMENTED_PACKAGE_INFO = "/** Fixture package. */\npackage dev.dfx.core.fix;\n";

    @TempDir
    Path root;

    private Path write(String relative, String content) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    private SourceDocumentationChecker.Report checkFixture() {
        return SourceDocumentationChecker.check(root);
    }

    @Test
    void packageWithoutPackageInfo_isReported() throws IOException {
        write("dev/dfx/core/fix/Documented.java", "package dev.dfx.core.fix;\n\n/** Doc. */\npublic class Documented {}\n");

        assertThat(checkFixture().findings()).singleElement().asString()
                .contains("package dev.dfx.core.fix has no package-info.java");
    }

    @Test
    void packageInfoWithoutJavadoc_isReported() throws IOException {
        write("dev/dfx/core/fix/package-info.java", "// a line comment is no Javadoc\npackage dev.dfx.core.fix;\n");

        assertThat(checkFixture().findings()).singleElement().asString()
                .contains("package-info.java: no Javadoc comment before the package statement");
    }

    @Test
    void packageInfoWithAnnotatedJavadoc_isAccepted() throws IOException {
        write("dev/dfx/core/fix/package-info.java",
                "/** Fixture. */\n@Deprecated(since = \"1\")\npackage dev.dfx.core.fix;\n");

        SourceDocumentationChecker.Report report = checkFixture();

        assertThat(report.findings()).isEmpty();
        assertThat(report.packagesChecked()).isEqualTo(1);
    }

    static Stream<Arguments> undocumentedPublicTypes() {
        return Stream.of(
                Arguments.of(Named.of("class without any comment",
                        "package dev.dfx.core.fix;\n\npublic final class Bad {\n}\n")),
                Arguments.of(Named.of("interface with a block comment, not Javadoc",
                        "package dev.dfx.core.fix;\n\n/* not Javadoc */\npublic interface Bad {\n}\n")),
                Arguments.of(Named.of("record whose Javadoc stands before the imports",
                        "package dev.dfx.core.fix;\n\n/** Too early. */\nimport java.util.List;\n\n"
                                + "public record Bad(List<String> names) {\n}\n")),
                Arguments.of(Named.of("enum with only a documented nested type",
                        "package dev.dfx.core.fix;\n\npublic enum Bad {\n    A;\n\n    /** Doc. */\n"
                                + "    public static final class Inner {\n    }\n}\n")),
                Arguments.of(Named.of("annotation type with a line comment",
                        "package dev.dfx.core.fix;\n\n// not Javadoc\npublic @interface Bad {\n}\n")),
                Arguments.of(Named.of("sealed interface with an empty /**/ comment",
                        "package dev.dfx.core.fix;\n\n/**/\npublic sealed interface Bad permits Bad.A {\n"
                                + "    /** Doc. */\n    record A() implements Bad {\n    }\n}\n")));
    }

    @ParameterizedTest
    @MethodSource("undocumentedPublicTypes")
    void publicTypeWithoutJavadoc_isReported(String source) throws IOException {
        write("dev/dfx/core/fix/package-info.java", DOCUMENTED_PACKAGE_INFO);
        write("dev/dfx/core/fix/Bad.java", source);

        assertThat(checkFixture().findings()).singleElement().asString()
                .contains("Bad.java: public type Bad has no Javadoc comment");
    }

    static Stream<Arguments> acceptableTypes() {
        return Stream.of(
                Arguments.of(Named.of("documented public class",
                        "package dev.dfx.core.fix;\n\nimport java.util.List;\n\n/**\n * Doc.\n */\n"
                                + "public final class Good {\n    List<String> names;\n}\n")),
                Arguments.of(Named.of("documented record with annotations between Javadoc and declaration",
                        "package dev.dfx.core.fix;\n\n/** Doc. */\n@SuppressWarnings({\"a\", \"b\"})\n"
                                + "@Deprecated(since = \"1\", forRemoval = false)\npublic record Good(int a) {\n}\n")),
                Arguments.of(Named.of("package-private class without Javadoc",
                        "package dev.dfx.core.fix;\n\nfinal class Good {\n}\n")),
                Arguments.of(Named.of("documented public sealed interface",
                        "package dev.dfx.core.fix;\n\n/** Doc. */\npublic sealed interface Good permits Good.A {\n"
                                + "    /** Doc. */\n    record A() implements Good {\n    }\n}\n")));
    }

    @ParameterizedTest
    @MethodSource("acceptableTypes")
    void documentedOrNonPublicType_isAccepted(String source) throws IOException {
        write("dev/dfx/core/fix/package-info.java", DOCUMENTED_PACKAGE_INFO);
        write("dev/dfx/core/fix/Good.java", source);

        SourceDocumentationChecker.Report report = checkFixture();

        assertThat(report.findings()).isEmpty();
        assertThat(report.typesChecked()).isEqualTo(1);
    }

    @Test
    void moduleInfo_isNeitherAPackageNorAType() throws IOException {
        write("module-info.java", "module dev.dfx.core {\n}\n");

        SourceDocumentationChecker.Report report = checkFixture();

        assertThat(report.findings()).isEmpty();
        assertThat(report.packagesChecked()).isZero();
    }

    @Test
    void mainSourceRoots_findsOnlyDfxModulesWithMainJava() throws IOException {
        Files.createDirectories(root.resolve("dfx-core/src/main/java"));
        Files.createDirectories(root.resolve("dfx-bom"));
        Files.createDirectories(root.resolve("dfx-testkit/src/test/java"));
        Files.createDirectories(root.resolve("other/src/main/java"));

        assertThat(SourceDocumentationChecker.mainSourceRoots(root))
                .containsExactly(root.resolve("dfx-core/src/main/java"));
    }
}
