package org.postbox.config;

import java.util.Objects;

/**
 * The worker pools, one per kind of listener, so that a burst of one protocol cannot take the
 * threads of the other: every POP3 listener shares {@link #pop3()}, every LMTP listener
 * {@link #lmtp()}.
 */
public record WorkersConfig(WorkerPoolConfig pop3, WorkerPoolConfig lmtp) {

    public WorkersConfig {
        Objects.requireNonNull(pop3, "pop3");
        Objects.requireNonNull(lmtp, "lmtp");
    }
}
