package org.postbox.pop3.protocol;

/**
 * What the decoder yields for one client line: a well-formed {@link Pop3Command}, or an
 * {@link InvalidRequest} carrying the precise reason the server sends back as {@code -ERR}, or,
 * while a SASL exchange is under way, a {@link SaslResponse}.
 */
public sealed interface Pop3Request permits Pop3Command, InvalidRequest, SaslResponse {
}
