package dev.dfx.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Rule 7, checked on source files because ArchUnit cannot: javac writes {@code package-info.class} only for annotated
 * packages, and Javadoc never reaches a class file. Every package that holds Java sources has a
 * {@code package-info.java} with a Javadoc comment (docs/style.md §11: it says the package's place in the hexagon), and
 * every public top-level type has a Javadoc comment right before its declaration (only annotations may stand
 * between).
 */
final class SourceDocumentationChecker {

    private static final String PACKAGE_INFO = "package-info.java";
    private static final String MODULE_INFO = "module-info.java";

    /** A {@code package} statement at the start of a line. */
    private static final Pattern PACKAGE_STATEMENT = Pattern.compile("(?m)^[ \\t]*package\\s+[\\w.]+\\s*;");

    /** Only annotations (with optional arguments, which may nest) and whitespace. */
    private static final Pattern ONLY_ANNOTATIONS =
            Pattern.compile("(?s)(\\s*@[\\w.]+(\\s*\\(.*?\\))?)*\\s*");

    /** What one check found. */
    record Report(int packagesChecked, int typesChecked, List<String> findings) {
        Report {
            findings = List.copyOf(findings);
        }

        Report plus(Report other) {
            List<String> all = new ArrayList<>(findings);
            all.addAll(other.findings);
            return new Report(packagesChecked + other.packagesChecked, typesChecked + other.typesChecked, all);
        }
    }

    private SourceDocumentationChecker() {
    }

    /** The {@code src/main/java} folders of the {@code dfx-*} modules under the project root, sorted. */
    static List<Path> mainSourceRoots(Path projectRoot) {
        try (Stream<Path> children = Files.list(projectRoot)) {
            return children
                    .filter(child -> child.getFileName().toString().startsWith("dfx-"))
                    .map(module -> module.resolve("src").resolve("main").resolve("java"))
                    .filter(Files::isDirectory)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Checks every package and public top-level type under one source root. */
    static Report check(Path sourceRoot) {
        Map<Path, List<Path>> sourcesByDirectory;
        try (Stream<Path> files = Files.walk(sourceRoot)) {
            sourcesByDirectory = files
                    .filter(Files::isRegularFile)
                    .filter(file -> file.getFileName().toString().endsWith(".java"))
                    .filter(file -> !file.getFileName().toString().equals(MODULE_INFO))
                    .collect(Collectors.groupingBy(Path::getParent, TreeMap::new, Collectors.toList()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> findings = new ArrayList<>();
        int types = 0;
        for (Map.Entry<Path, List<Path>> directory : sourcesByDirectory.entrySet()) {
            String packageName = sourceRoot.relativize(directory.getKey()).toString()
                    .replace(directory.getKey().getFileSystem().getSeparator(), ".");
            findings.addAll(checkPackage(sourceRoot, directory.getKey(), packageName));
            for (Path file : directory.getValue()) {
                if (!file.getFileName().toString().equals(PACKAGE_INFO)) {
                    types++;
                    checkType(sourceRoot, file).ifPresent(findings::add);
                }
            }
        }
        return new Report(sourcesByDirectory.size(), types, findings);
    }

    private static List<String> checkPackage(Path sourceRoot, Path directory, String packageName) {
        if (packageName.isEmpty()) {
            return List.of(sourceRoot + ": Java sources in the default package");
        }
        Path packageInfo = directory.resolve(PACKAGE_INFO);
        if (!Files.isRegularFile(packageInfo)) {
            return List.of("package " + packageName + " has no " + PACKAGE_INFO + " (in " + sourceRoot + ")");
        }
        String source = read(packageInfo);
        Matcher statement = PACKAGE_STATEMENT.matcher(source);
        if (!statement.find() || !hasJavadocRightBefore(source, statement.start())) {
            return List.of(sourceRoot.relativize(packageInfo) + ": no Javadoc comment before the package statement"
                    + " (in " + sourceRoot + ")");
        }
        return List.of();
    }

    private static Optional<String> checkType(Path sourceRoot, Path file) {
        String fileName = file.getFileName().toString();
        String typeName = fileName.substring(0, fileName.length() - ".java".length());
        String source = read(file);
        // Only one top-level type per file may be public, and it carries the file's name; a nested type cannot.
        Matcher declaration = Pattern.compile("(?m)^[ \\t]*public\\s+"
                + "((abstract|final|sealed|non-sealed|strictfp|static)\\s+)*"
                + "(class|interface|enum|record|@\\s*interface)\\s+" + Pattern.quote(typeName) + "\\b")
                .matcher(source);
        if (!declaration.find()) {
            return Optional.empty();
        }
        // Annotations written on the lines before "public" belong to the declaration.
        if (!hasJavadocRightBefore(source, declaration.start())) {
            return Optional.of(sourceRoot.relativize(file)
                    + ": public type " + typeName + " has no Javadoc comment (in " + sourceRoot + ")");
        }
        return Optional.empty();
    }

    /**
     * Whether a Javadoc comment ends before {@code index} with nothing but annotations and whitespace after it.
     */
    static boolean hasJavadocRightBefore(String source, int index) {
        String before = source.substring(0, index);
        int end = before.lastIndexOf("*/");
        if (end < 0) {
            return false;
        }
        int start = before.lastIndexOf("/*", end - 1);
        if (start < 0 || !before.startsWith("/**", start) || end == start + 2) {
            return false; // no comment, a block comment, or the empty "/**/"
        }
        return ONLY_ANNOTATIONS.matcher(before.substring(end + 2)).matches();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
