package org.postbox.daemon.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** What a route answers: a status and, but for 204, a JSON body. */
record ApiReply(int status, Optional<JsonNode> body) {

    static ApiReply ok(JsonNode body) {
        return new ApiReply(200, Optional.of(body));
    }

    static ApiReply created(JsonNode body) {
        return new ApiReply(201, Optional.of(body));
    }

    static ApiReply noContent() {
        return new ApiReply(204, Optional.empty());
    }
}
