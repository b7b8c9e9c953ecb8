package org.postbox.system.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import org.postbox.system.Account;
import org.postbox.system.LmtpClient;
import org.postbox.system.Pop3Session;
import org.postbox.system.TestMessages;

/**
 * The mixed load a fault is injected under: an MTA delivering over LMTP, a POP3 client that
 * deletes what it retrieves, one that leaves mail on the server and one that keeps logging in
 * with a wrong password (a stale password in a phone, or a guesser), each in a thread of its own,
 * each connection to one of the given daemons picked at random. Every reply is judged on the
 * wire as it comes: a status line that is not {@code +OK}/{@code -ERR}, or a refusal of another
 * kind than the fault explains, is recorded as {@linkplain #wrong() wrong}; every acknowledged
 * delivery and every retrieval goes into the {@link MailLedger}.
 */
final class MixedLoad implements AutoCloseable {

    /** Where a daemon listens. */
    record Endpoint(int pop3Port, int lmtpPort) {
    }

    /** What the load saw, for the report and the assertions of a test. */
    record Observed(int acknowledged, int refusedDeliveries, int cutDeliveries, int committedSessions, int refusedLogins,
                    int inUse, int failedLogins) {
    }

    private static final Pattern STATUS = Pattern.compile("(\\+OK|-ERR)( .*)?");
    /** Between two steps of a thread: a load, not a flood, on a 2-core CI machine. */
    private static final Duration PACE = Duration.ofMillis(15);
    /** The leaving client reads at most this many messages a session. */
    private static final int LEFT_READ = 2;

    private final MailLedger ledger;
    private final List<Account> accounts;
    private final List<Endpoint> daemons;
    private final List<String> allowedDeliveryRefusals;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicInteger messageNumbers;
    private final AtomicInteger refusedDeliveries = new AtomicInteger();
    private final AtomicInteger cutDeliveries = new AtomicInteger();
    private final AtomicInteger committedSessions = new AtomicInteger();
    private final AtomicInteger refusedLogins = new AtomicInteger();
    private final AtomicInteger inUse = new AtomicInteger();
    private final AtomicInteger failedLogins = new AtomicInteger();
    private final Queue<String> wrong = new ConcurrentLinkedQueue<>();
    private final Queue<Throwable> crashed = new ConcurrentLinkedQueue<>();

    private MixedLoad(MailLedger ledger, List<Account> accounts, List<Endpoint> daemons, List<String> allowedDeliveryRefusals,
                      int firstMessageNumber) {
        this.ledger = ledger;
        this.accounts = List.copyOf(accounts);
        this.daemons = List.copyOf(daemons);
        this.allowedDeliveryRefusals = List.copyOf(allowedDeliveryRefusals);
        this.messageNumbers = new AtomicInteger(firstMessageNumber);
    }

    /**
     * Starts the four clients. A delivery refused with a reply that starts with none of
     * {@code allowedDeliveryRefusals} is wrong; a POP3 {@code -ERR} is wrong unless it is
     * {@code [SYS/TEMP]}, or {@code [IN-USE]} at login. {@code firstMessageNumber} keeps the
     * messages of successive loads of one test apart.
     */
    static MixedLoad start(MailLedger ledger, List<Account> accounts, List<Endpoint> daemons,
                           List<String> allowedDeliveryRefusals, int firstMessageNumber) {
        MixedLoad load = new MixedLoad(ledger, accounts, daemons, allowedDeliveryRefusals, firstMessageNumber);
        load.spawn("mta", load::deliverOne);
        load.spawn("deleting-client", () -> load.pollOne(true));
        load.spawn("leaving-client", () -> load.pollOne(false));
        load.spawn("guessing-client", load::guessOne);
        return load;
    }

    /**
     * Waits until {@code acknowledged} more deliveries, {@code committed} more deleting sessions
     * and at least one more refused wrong password than {@code since}.
     */
    void awaitProgress(Observed since, int acknowledged, int committed, Duration limit) {
        await("the load to make progress").atMost(limit).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (!crashed.isEmpty()) {
                throw new AssertionError("a client of the load crashed", crashed.peek());
            }
            Observed now = observed();
            return now.acknowledged() >= since.acknowledged() + acknowledged
                    && now.committedSessions() >= since.committedSessions() + committed
                    && now.failedLogins() > since.failedLogins();
        });
    }

    Observed observed() {
        return new Observed((int) ledger.acknowledgedCount(), refusedDeliveries.get(), cutDeliveries.get(),
                committedSessions.get(), refusedLogins.get(), inUse.get(), failedLogins.get());
    }

    /** The replies that the fault does not explain, each with what was sent. */
    List<String> wrong() {
        return List.copyOf(wrong);
    }

    /** Stops the clients and waits for them; a client that crashed fails the test here. */
    @Override
    public void close() {
        stop.countDown();
        for (Thread thread : threads) {
            try {
                thread.join(Duration.ofSeconds(90).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while stopping the load", e);
            }
            if (thread.isAlive()) {
                throw new AssertionError(thread.getName() + " of the load did not stop within 90 s");
            }
        }
        if (!crashed.isEmpty()) {
            throw new AssertionError("a client of the load crashed", crashed.peek());
        }
    }

    /**
     * After the load: a deleting session on every mailbox, each of which must log in at once (no
     * lock left behind) and end with {@code +OK} to QUIT, so that the ledger learns what is left.
     */
    static void drain(MailLedger ledger, List<Account> accounts, int pop3Port) {
        for (Account account : accounts) {
            try (Pop3Session pop3 = Pop3Session.login(pop3Port, account)) {
                MailLedger.Session session = ledger.deleting(account.address());
                int count = Integer.parseInt(pop3.command("STAT").split(" ")[1]);
                for (int n = 1; n <= count; n++) {
                    pop3.command("RETR " + n);
                    byte[] body = pop3.bodyOrNull();
                    assertThat(body).as("RETR %d of %s while draining", n, account).isNotNull();
                    session.retrieved(body);
                    pop3.command("DELE " + n);
                }
                pop3.command("QUIT");
                session.quitConfirmed();
            }
        }
    }

    private void spawn(String name, Runnable step) {
        Thread thread = new Thread(() -> {
            try {
                do {
                    step.run();
                } while (!stop.await(PACE.toMillis(), TimeUnit.MILLISECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException | Error e) {
                crashed.add(e);
            }
        }, "load-" + name);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    private Endpoint anyDaemon() {
        return daemons.get(ThreadLocalRandom.current().nextInt(daemons.size()));
    }

    private Account anyAccount() {
        return accounts.get(ThreadLocalRandom.current().nextInt(accounts.size()));
    }

    private void deliverOne() {
        Account to = anyAccount();
        byte[] message = TestMessages.beforeTheMove(to, messageNumbers.getAndIncrement());
        LmtpClient lmtp;
        try {
            lmtp = LmtpClient.connect(anyDaemon().lmtpPort());
        } catch (UncheckedIOException | AssertionError e) {
            // Not listening (restarting), or a greeting other than 220: nothing was sent.
            refusedDeliveries.incrementAndGet();
            return;
        }
        try {
            String reply = lmtp.tryDeliver(to.address(), message);
            if (reply.startsWith("250")) {
                ledger.acknowledged(to.address(), message);
            } else {
                refusedDeliveries.incrementAndGet();
                if (allowedDeliveryRefusals.stream().noneMatch(reply::startsWith)) {
                    wrong.add("LMTP delivery to " + to + ": " + reply);
                }
            }
        } catch (UncheckedIOException e) {
            // The connection went without a reply: the MTA would try again later.
            cutDeliveries.incrementAndGet();
        } finally {
            try {
                lmtp.close();
            } catch (AssertionError e) {
                // A daemon shutting down answers QUIT with 421; the connection is closed all the same.
            }
        }
    }

    /**
     * A connection to one of the daemons that greeted and took {@code USER} for {@code account};
     * null, and closed, when it did not (each reply judged by {@link #ok}).
     */
    private Pop3Session afterUser(Account account) {
        Pop3Session pop3;
        try {
            pop3 = Pop3Session.connect(anyDaemon().pop3Port());
        } catch (UncheckedIOException e) {
            return null;
        }
        if (ok(pop3.nextLine(), "greeting", false) && ok(pop3.send("USER " + account.address()), "USER " + account, false)) {
            return pop3;
        }
        pop3.close();
        return null;
    }

    private void pollOne(boolean deletes) {
        Account account = anyAccount();
        Pop3Session pop3 = afterUser(account);
        if (pop3 == null) {
            return;
        }
        try (pop3) {
            String pass = pop3.send("PASS " + account.password());
            if (!ok(pass, "PASS of " + account, true)) {
                if (pass != null) {
                    refusedLogins.incrementAndGet();
                    if (pass.startsWith("-ERR [IN-USE]")) {
                        inUse.incrementAndGet();
                    }
                }
                return;
            }
            MailLedger.Session session = deletes ? ledger.deleting(account.address()) : ledger.leaving(account.address());
            if (!transaction(pop3, session, deletes)) {
                session.abandoned();
            }
        }
    }

    /**
     * One login with a wrong password: it must be answered {@code -ERR [AUTH]} (or a refusal the
     * fault explains), never {@code +OK}; the ledger never hears of it, since no mail is read.
     */
    private void guessOne() {
        Account account = anyAccount();
        Pop3Session pop3 = afterUser(account);
        if (pop3 == null) {
            return;
        }
        try (pop3) {
            String pass = pop3.send("PASS not-" + account.password());
            if (pass == null) {
                return;
            }
            if (pass.startsWith("-ERR [AUTH]")) {
                failedLogins.incrementAndGet();
                pop3.send("QUIT");
            } else if (pass.startsWith("+OK")) {
                wrong.add("POP3 PASS with a wrong password for " + account + " was accepted: " + pass);
            } else {
                ok(pass, "PASS with a wrong password for " + account, true);
            }
        }
    }

    /** STAT, RETR (and DELE) of the messages, QUIT; false when the session ended without QUIT. */
    private boolean transaction(Pop3Session pop3, MailLedger.Session session, boolean deletes) {
        String stat = pop3.send("STAT");
        if (!ok(stat, "STAT", false)) {
            return false;
        }
        int count = Integer.parseInt(stat.split(" ")[1]);
        for (int n = 1; n <= (deletes ? count : Math.min(count, LEFT_READ)); n++) {
            if (!ok(pop3.send("RETR " + n), "RETR " + n, false)) {
                return false;
            }
            byte[] body = pop3.bodyOrNull();
            if (body == null) {
                return false;
            }
            session.retrieved(body);
            if (deletes && !ok(pop3.send("DELE " + n), "DELE " + n, false)) {
                return false;
            }
        }
        String quit = pop3.send("QUIT");
        if (quit == null || !ok(quit, "QUIT", false)) {
            // No answer, or -ERR: some deletions may have been applied (RFC 1939 section 6).
            session.quitUnanswered();
        } else {
            session.quitConfirmed();
            if (deletes) {
                committedSessions.incrementAndGet();
            }
        }
        return true;
    }

    /** Whether {@code status} is {@code +OK}; records it as wrong when the fault does not explain it. */
    private boolean ok(String status, String after, boolean login) {
        if (status == null) {
            return false;
        }
        if (!STATUS.matcher(status).matches()) {
            wrong.add("POP3 " + after + ": a malformed status line: " + status);
            return false;
        }
        if (status.startsWith("+OK")) {
            return true;
        }
        boolean explained = status.startsWith("-ERR [SYS/TEMP]") || login && status.startsWith("-ERR [IN-USE]");
        if (!explained) {
            wrong.add("POP3 " + after + ": " + status);
        }
        return false;
    }
}
