package dev.dfx.core.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@code 0806} Studies.RetrieveSdkConfigData (docs/protocol.md §3.3): {@code {"StudyID","SDKID","MD5Hash"}}.
 *
 * @param studyId {@code StudyID}; non-blank
 * @param sdkId {@code SDKID}, the DFX extraction SDK's id; non-blank
 * @param md5Hash {@code MD5Hash} of the config file the caller holds, or null/empty when it holds none (then
 *     {@code ""} is sent)
 */
public record SdkConfigRequest(String studyId, String sdkId, String md5Hash) {
    /** @throws IllegalArgumentException if studyId or sdkId is blank */
    public SdkConfigRequest {
        Objects.requireNonNull(studyId, "studyId");
        Objects.requireNonNull(sdkId, "sdkId");
        if (studyId.isBlank()) {
            throw new IllegalArgumentException("studyId must not be blank");
        }
        if (sdkId.isBlank()) {
            throw new IllegalArgumentException("sdkId must not be blank");
        }
        md5Hash = md5Hash == null ? "" : md5Hash;
    }

    /** @return the body tree */
    public Map<String, Object> toBody() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("StudyID", studyId);
        m.put("SDKID", sdkId);
        m.put("MD5Hash", md5Hash);
        return m;
    }
}
