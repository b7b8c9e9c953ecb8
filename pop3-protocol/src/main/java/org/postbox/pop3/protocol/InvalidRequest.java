package org.postbox.pop3.protocol;

/**
 * A line that is not a well-formed command: unknown keyword, bad or missing arguments, or a
 * line over the length limit. The connection stays usable; the server answers
 * {@code -ERR <reason>} and counts it as a bad command.
 *
 * @param keyword the upper-cased keyword as sent (may be empty, never null)
 * @param reason  human-readable text for the {@code -ERR} line, without the {@code -ERR } prefix
 */
public record InvalidRequest(String keyword, String reason) implements Pop3Request {
}
