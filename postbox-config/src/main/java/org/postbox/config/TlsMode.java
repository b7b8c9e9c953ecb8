package org.postbox.config;

import java.util.Locale;

/** How a listener uses TLS: the {@code listeners[].tls} key. */
public enum TlsMode {
    /** Clear text only; STLS is refused. */
    NONE,
    /** Clear text until the client sends STLS (RFC 2595); the usual mode for port 110. */
    STARTTLS,
    /** TLS from the first octet (RFC 8314); the usual mode for port 995. */
    IMPLICIT;

    /** The key's value as written in the file. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static TlsMode parse(String key, String text) {
        for (TlsMode mode : values()) {
            if (mode.configName().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return mode;
            }
        }
        throw new ConfigException(key, "'" + text + "' is not a TLS mode; use none, starttls or implicit");
    }
}
