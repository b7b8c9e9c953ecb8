package org.postbox.daemon;

import java.io.IOException;
import java.net.InetSocketAddress;
import org.postbox.session.LogContext;

/** A configured listener could not bind its address (port in use, no permission, no such address). */
public final class ListenerBindException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String listener;

    public ListenerBindException(String listener, InetSocketAddress address, IOException cause) {
        super("listener '" + listener + "' cannot bind " + LogContext.describe(address) + ": " + reason(cause), cause);
        this.listener = listener;
    }

    /** The name of the listener that failed. */
    public String listener() {
        return listener;
    }

    /** The innermost cause says what went wrong ("Address already in use"); MINA's wrapper only says where. */
    private static String reason(IOException cause) {
        Throwable innermost = cause;
        while (innermost.getCause() != null && innermost.getCause() != innermost) {
            innermost = innermost.getCause();
        }
        String message = innermost.getMessage();
        return message != null && !message.isBlank() ? message : innermost.getClass().getSimpleName();
    }
}
