package dev.dfx.core.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code 0501} Measurements.List (docs/protocol.md §3.3): {@code {"Query":{…},"Params":{"Limit"}}}. The page size goes in
 * {@code Params.Limit} as §3.3 shows; the offset and any filters (e.g. {@code StudyID}, {@code StatusID}) go in
 * {@code Query}, like the REST query string they stand for (§3).
 *
 * @param limit page size, 1 to 1000 (the [CPP] tool's default is 50)
 * @param offset rows to skip, 0 or more
 * @param filters more {@code Query} fields (string values), e.g. {@code StudyID}; may be empty
 */
public record ListMeasurementsRequest(int limit, int offset, Map<String, String> filters) {
    /** @throws IllegalArgumentException if limit or offset is out of range */
    public ListMeasurementsRequest {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be 1..1000, got " + limit);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be 0 or more, got " + offset);
        }
        filters = filters == null ? Map.of() : Map.copyOf(filters);
    }

    /**
     * @param limit page size
     * @return the first page, no filters
     */
    public static ListMeasurementsRequest first(int limit) {
        return new ListMeasurementsRequest(limit, 0, Map.of());
    }

    /** @return the body tree */
    public Map<String, Object> toBody() {
        Map<String, Object> query = new LinkedHashMap<>(filters);
        query.put("Offset", offset);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Query", query);
        m.put("Params", Map.of("Limit", limit));
        return m;
    }
}
