package dev.dfx.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's library snippet is {@code Kiosk.java} as compiled here, character for character (issue 15: the old
 * snippet gave 16 compile errors when pasted into a project).
 */
class ReadmeSnippetTest {
    private static final Path ROOT = Path.of("..");
    private static final String SOURCE = "dfx-examples/src/main/java/dev/dfx/examples/Kiosk.java";

    @Test
    void readmeSnippet_isKioskJava() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        Matcher block = Pattern.compile("<!-- snippet: " + Pattern.quote(SOURCE) + " -->\\s*```java\\n(.*?)```",
                Pattern.DOTALL).matcher(readme);

        assertThat(block.find()).as("README.md has a ```java block after <!-- snippet: %s -->", SOURCE).isTrue();
        assertThat(block.group(1)).isEqualTo(Files.readString(ROOT.resolve(SOURCE), StandardCharsets.UTF_8));
    }
}
