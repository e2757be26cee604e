package dev.dfx.core.api;

import dev.dfx.core.error.DfxProtocolException;
import dev.dfx.core.internal.Tree;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Answer to {@code 0501} Measurements.List: a JSON <b>array</b> whose element 0 carries {@code TotalCount}
 * (docs/protocol.md §2.2, §3.3 [CPP]). Every element that has an {@code ID} is a measurement, element 0 included; an
 * element 0 holding only {@code TotalCount} is a header. An object body with {@code TotalCount} and an array under
 * {@code Items} is read too (tolerance for a REST-shaped answer).
 *
 * @param totalCount {@code TotalCount} of element 0 (all matching measurements, not just this page); the number of
 *     items when absent
 * @param items the measurements on this page
 */
public record MeasurementList(long totalCount, List<Item> items) {
    /** Copies. */
    public MeasurementList {
        items = items == null ? List.of() : List.copyOf(items);
    }

    /**
     * One listed measurement.
     *
     * @param id {@code ID}
     * @param statusId {@code StatusID}; empty if absent
     * @param studyId {@code StudyID}; empty if absent
     * @param created {@code Created}, or null
     */
    public record Item(String id, String statusId, String studyId, Instant created) {
        /** Normalises. */
        public Item {
            java.util.Objects.requireNonNull(id, "id");
            statusId = statusId == null ? "" : statusId;
            studyId = studyId == null ? "" : studyId;
        }

        /** @return the parsed status */
        public MeasurementStatus status() {
            return MeasurementStatus.parse(statusId.isEmpty() ? null : statusId);
        }
    }

    /**
     * @param body the decoded body: an array (or an object with {@code Items})
     * @return the list
     * @throws DfxProtocolException if the body has neither shape
     */
    public static MeasurementList fromBody(Object body) {
        String w = "MeasurementList";
        List<?> rows;
        Long total = null;
        if (body instanceof List) {
            rows = (List<?>) body;
            if (!rows.isEmpty()) {
                total = Tree.lng(Tree.object(rows.get(0), w + "[0]"), "TotalCount", w + "[0]");
            }
        } else if (body instanceof Map) {
            Map<String, Object> m = Tree.object(body, w);
            total = Tree.lng(m, "TotalCount", w);
            List<?> l = Tree.list(m, "Items", w);
            rows = l == null ? List.of() : l;
        } else {
            throw new DfxProtocolException("cannot decode " + w + ": must be a JSON array, got " + Tree.kind(body));
        }
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            String where = w + "[" + i + "]";
            Map<String, Object> r = Tree.object(rows.get(i), where);
            String id = Tree.str(r, "ID", where);
            if (id == null || id.isBlank()) {
                continue;
            }
            items.add(new Item(id, Tree.str(r, "StatusID", where), Tree.str(r, "StudyID", where),
                    Tree.epoch(r, "Created", where)));
        }
        return new MeasurementList(total == null ? items.size() : total, items);
    }
}
