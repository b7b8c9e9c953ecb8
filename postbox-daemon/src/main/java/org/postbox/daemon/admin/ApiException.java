package org.postbox.daemon.admin;

import java.util.Objects;

/**
 * A request the API answers with an RFC 9457 problem: the status, the error kind (the same names
 * as the admin service's error kinds, so that the CLI and the API say the same thing) and a
 * detail for a person.
 */
public final class ApiException extends RuntimeException {

    private final int status;
    private final String kind;

    public ApiException(int status, String kind, String detail) {
        super(Objects.requireNonNull(detail, "detail"));
        this.status = status;
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public int status() {
        return status;
    }

    public String kind() {
        return kind;
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(400, "INVALID", detail);
    }

    public static ApiException notFound(String detail) {
        return new ApiException(404, "NOT_FOUND", detail);
    }
}
