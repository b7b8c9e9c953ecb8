package org.postbox.admin.view;

import org.postbox.mailstore.HistoryEvent;

/**
 * One event of a mailbox's history. A login:
 * {@code {"event":"login","at":"2026-12-06T09:00:00.123Z","session":"1a2b3c4d","clientIp":"192.0.2.7",
 * "tls":"TLSv1.3","mechanism":"PLAIN","uidl":null,"size":null}}; a deletion:
 * {@code {"event":"delete","at":...,"session":...,"clientIp":null,"tls":null,"mechanism":null,
 * "uidl":"1764000000.M1P2.host,S=812,W=830","size":830}}.
 *
 * @param tls the TLS protocol of a login, null for a login without TLS (and for a deletion)
 */
public record HistoryEventView(String event, String at, String session, String clientIp, String tls,
                               String mechanism, String uidl, Long size) {

    public static final String LOGIN = "login";
    public static final String DELETE = "delete";

    public static HistoryEventView of(HistoryEvent event) {
        if (event instanceof HistoryEvent.Login login) {
            return new HistoryEventView(LOGIN, login.at().toString(), login.sessionId(), login.clientIp(),
                    login.tls().orElse(null), login.mechanism(), null, null);
        }
        HistoryEvent.Deletion deletion = (HistoryEvent.Deletion) event;
        return new HistoryEventView(DELETE, deletion.at().toString(), deletion.sessionId(), null, null, null,
                deletion.uniqueId(), deletion.size());
    }
}
