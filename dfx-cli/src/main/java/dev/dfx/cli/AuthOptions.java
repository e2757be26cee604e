package dev.dfx.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The licence-key options of {@code dfx measure} (issue 11), a picocli mixin: with {@code --license-key} the command
 * registers the device once (or reuses the pair kept in {@code --token-file}) and, with {@code --study}, creates the
 * measurement itself.
 */
final class AuthOptions {
    @Option(names = "--license-key", description = "licence key: register this device (once; the token pair is "
            + "kept in --token-file) instead of --token (never printed)")
    String licenseKey;

    @Option(names = "--study", description = "study id: create the measurement in it (then --measurement is not "
            + "needed)")
    String studyId;

    @Option(names = "--token-file", description = "where the token pair is kept (default ~/.dfx/tokens.json); the "
            + "path is printed, the tokens never")
    Path tokenFile;

    @Option(names = "--device-name", defaultValue = "dfx-cli", description = "device Name for registration "
            + "(default ${DEFAULT-VALUE})")
    String deviceName = "dfx-cli";

    @Option(names = "--device-id", description = "device Identifier for registration (default: the host name)")
    String deviceIdentifier;

    /** @return the token file to use */
    Path tokenFileOrDefault() {
        return tokenFile != null ? tokenFile : dev.dfx.core.auth.FileTokenStore.defaultPath();
    }
}
