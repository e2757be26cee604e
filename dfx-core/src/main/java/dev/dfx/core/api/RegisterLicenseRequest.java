package dev.dfx.core.api;

import dev.dfx.core.auth.Credentials;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@code 0705} Organizations.RegisterLicense (docs/protocol.md §3.3):
 * {@code {"Key","DeviceTypeID","Name","Identifier","Version","TokenExpiresIn"?,"TokenSubject"?}}. Works on a socket
 * that is not logged in (§1.3 C). {@link #toString()} hides the key.
 *
 * @param key the licence key; secret
 * @param deviceTypeId {@code DeviceTypeID}
 * @param name {@code Name}
 * @param identifier {@code Identifier}
 * @param version {@code Version}
 * @param tokenExpiresIn {@code TokenExpiresIn} in seconds (1 or more), or null for the server's default
 * @param tokenSubject {@code TokenSubject}, or null
 */
public record RegisterLicenseRequest(String key, String deviceTypeId, String name, String identifier, String version,
                                     Long tokenExpiresIn, String tokenSubject) {
    /** @throws NullPointerException naming a missing field @throws IllegalArgumentException naming a bad one */
    public RegisterLicenseRequest {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(deviceTypeId, "deviceTypeId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(version, "version");
        if (key.isBlank()) {
            throw new IllegalArgumentException("key must not be blank");
        }
        if (tokenExpiresIn != null && tokenExpiresIn < 1) {
            throw new IllegalArgumentException("tokenExpiresIn must be 1 second or more, got " + tokenExpiresIn);
        }
    }

    /**
     * @param c licence credentials
     * @return the request they make
     */
    public static RegisterLicenseRequest from(Credentials.License c) {
        Objects.requireNonNull(c, "credentials");
        return new RegisterLicenseRequest(c.key(), c.deviceTypeId(), c.name(), c.identifier(), c.version(),
                c.tokenExpiresIn() == null ? null : c.tokenExpiresIn().getSeconds(), null);
    }

    /** @return the body tree */
    public Map<String, Object> toBody() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Key", key);
        m.put("DeviceTypeID", deviceTypeId);
        m.put("Name", name);
        m.put("Identifier", identifier);
        m.put("Version", version);
        if (tokenExpiresIn != null) {
            m.put("TokenExpiresIn", tokenExpiresIn);
        }
        if (tokenSubject != null) {
            m.put("TokenSubject", tokenSubject);
        }
        return m;
    }

    @Override
    public String toString() {
        return "RegisterLicenseRequest[key=<redacted>, deviceTypeId=" + deviceTypeId + ", name=" + name
                + ", identifier=" + identifier + ", version=" + version + ", tokenExpiresIn=" + tokenExpiresIn
                + ", tokenSubject=" + tokenSubject + "]";
    }
}
