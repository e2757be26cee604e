package dev.dfx.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;

/**
 * Keeps the deliberately bad fixtures ({@code dev.dfx.<module>.archfixture..}) out of the production import.
 * {@link ImportOption.DoNotIncludeTests} already drops them with all of {@code target/test-classes}; this option
 * says so by name and still holds if the fixtures ever move to another location.
 */
public final class ExcludeArchFixtures implements ImportOption {

    /** Marks the fixture packages; no production package may use this segment. */
    static final String FIXTURE_SEGMENT = "archfixture";

    @Override
    public boolean includes(Location location) {
        return !location.contains("/" + FIXTURE_SEGMENT + "/");
    }
}
