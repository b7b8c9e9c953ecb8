/**
 * Quota warnings: a message to a mailbox's owner when a delivery takes the mailbox across a
 * threshold of its quota. {@link org.postbox.mailstore.warnings.QuotaWarningStore} wraps any
 * backend; the daemon and the CLI wire it from their configuration. See docs/quota-warnings.md.
 */
package org.postbox.mailstore.warnings;
