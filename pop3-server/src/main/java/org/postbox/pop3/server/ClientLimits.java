package org.postbox.pop3.server;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.postbox.mailstore.MailboxAddress;

/**
 * The per-client limits of one daemon, shared by all its listeners: open connections per client
 * address ({@link ClientKey}), sessions per mailbox and client address, and the LOGIN-DELAY
 * between logins to one mailbox.
 *
 * <p>A session counts against its mailbox from the moment it presents credentials for it until
 * the attempt fails or the session ends, so a client cannot run more than the limit of parallel
 * guesses at one mailbox either.
 */
public final class ClientLimits {

    private final ConnectionCounts<ClientKey> connections;
    private final ConnectionCounts<MailboxClient> mailboxSessions;
    private final LoginDelays loginDelays;

    private record MailboxClient(MailboxAddress mailbox, ClientKey client) {
    }

    public ClientLimits(int maxConnectionsPerClient, int maxSessionsPerMailboxClient, LoginDelays loginDelays) {
        this.connections = new ConnectionCounts<>(maxConnectionsPerClient);
        this.mailboxSessions = new ConnectionCounts<>(maxSessionsPerMailboxClient);
        this.loginDelays = Objects.requireNonNull(loginDelays, "loginDelays");
    }

    /** No limits at all (tests, embedding programs that limit elsewhere). */
    public static ClientLimits none() {
        return new ClientLimits(Integer.MAX_VALUE, Integer.MAX_VALUE, LoginDelays.none());
    }

    public int maxConnectionsPerClient() {
        return connections.limit();
    }

    public LoginDelays loginDelays() {
        return loginDelays;
    }

    /** Counts a new connection from {@code client}; false when it already has the most allowed. */
    boolean openConnection(ClientKey client) {
        return connections.tryAcquire(client);
    }

    void closeConnection(ClientKey client) {
        connections.release(client);
    }

    /** A place for one session of {@code mailbox} from {@code client}; empty when all are taken. */
    public Optional<Claim> claimMailbox(MailboxAddress mailbox, ClientKey client) {
        MailboxClient key = new MailboxClient(mailbox, client);
        return mailboxSessions.tryAcquire(key) ? Optional.of(new Claim(key)) : Optional.empty();
    }

    /** A session's place against the per-mailbox limit. */
    public final class Claim {
        private final MailboxClient key;
        private final AtomicBoolean released = new AtomicBoolean();

        private Claim(MailboxClient key) {
            this.key = key;
        }

        public MailboxAddress mailbox() {
            return key.mailbox();
        }

        /** Gives the place back; idempotent. */
        public void release() {
            if (released.compareAndSet(false, true)) {
                mailboxSessions.release(key);
            }
        }
    }
}
