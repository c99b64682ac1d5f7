package org.openclaw.oversight.connectors.alertmanager;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.List;

/** Writes the request body of {@code POST /api/v2/alerts}: a JSON array of postable alerts. */
public final class PostableAlertJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            // Instant as "2025-01-01T10:15:30.123Z" (RFC 3339), not as epoch numbers
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private PostableAlertJson() {}

    public static byte[] toJsonArray(List<PostableAlert> alerts) {
        try {
            return MAPPER.writeValueAsBytes(alerts);
        } catch (JsonProcessingException e) {
            // only Strings, Maps and Instants: failing here is a programming error, not bad input
            throw new IllegalStateException("could not write postable alerts as JSON", e);
        }
    }
}
