package org.postbox.daemon.admin;

/** Where the admin API reports each request it answered (metrics). */
@FunctionalInterface
public interface RequestObserver {

    RequestObserver NONE = (route, method, status, nanos) -> { };

    /** @param route the route's name, {@code unknown} for a path no route has */
    void answered(String route, String method, int status, long nanos);
}
