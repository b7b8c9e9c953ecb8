package org.postbox.pop3.server.command;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import org.postbox.pop3.server.session.SessionState;

/** The state sets commands declare, as shared immutable values. */
final class States {

    static final Set<SessionState> AUTHORIZATION = Collections.unmodifiableSet(EnumSet.of(SessionState.AUTHORIZATION));
    static final Set<SessionState> TRANSACTION = Collections.unmodifiableSet(EnumSet.of(SessionState.TRANSACTION));
    static final Set<SessionState> AUTHORIZATION_OR_TRANSACTION =
            Collections.unmodifiableSet(EnumSet.of(SessionState.AUTHORIZATION, SessionState.TRANSACTION));

    private States() {
    }
}
