package org.postbox.admin;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where each change's {@link AuditEntry} goes: one line on the SLF4J logger {@value #LOGGER}, which
 * the daemon's and the CLI's logging configuration can send to a file of its own.
 */
@FunctionalInterface
public interface AuditLog {
    /** The logger name of the audit lines. */
    String LOGGER = "postbox.audit";

    void record(AuditEntry entry);

    /** The audit log of the daemon and the CLI: INFO lines on {@value #LOGGER}. */
    static AuditLog slf4j() {
        Logger logger = LoggerFactory.getLogger(LOGGER);
        return entry -> logger.info("{}", entry.line());
    }
}
