/**
 * Metrics and health of {@code postboxd}: Micrometer meters for the POP3 and LMTP engines, the
 * store, logins and the JVM, exposed in the Prometheus text format with {@code /livez} and
 * {@code /readyz} on an HTTP listener of their own ({@link org.postbox.daemon.metrics.MetricsEndpoint}).
 *
 * <p>The engines know nothing of Micrometer: they report to small observer interfaces
 * ({@link org.postbox.pop3.server.Pop3Observer}, {@code LmtpObserver}) and the store is measured
 * by decorators, so the meters are all named here, in {@link org.postbox.daemon.metrics.MeterNames}.
 * No meter carries a user, a client address or anything else a client chooses.
 */
package org.postbox.daemon.metrics;
