package org.postbox.admin.view;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The one JSON form of the views, for the CLI's {@code --json} and the admin API alike, so that
 * both give the same answer for the same question.
 */
public final class AdminJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AdminJson() {
    }

    /** A mapper configured as the views are written; callers must not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** {@code value} (a view, or a list of views) as one line of JSON. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
