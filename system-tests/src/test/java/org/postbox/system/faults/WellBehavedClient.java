package org.postbox.system.faults;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.postbox.system.Account;
import org.postbox.system.Pop3Session;

/** A customer's mail client during a flood: logs in (USER, PASS), says QUIT, and again, timing each login. */
final class WellBehavedClient {

    private WellBehavedClient() {
    }

    /** Logs in over and over for {@code duration}, one login at a time. */
    static Logins logInRepeatedly(int port, Account account, Duration duration) {
        List<Long> millis = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            long start = System.nanoTime();
            try (Pop3Session session = Pop3Session.login(port, account)) {
                millis.add((System.nanoTime() - start) / 1_000_000);
                session.command("QUIT");
            } catch (AssertionError | UncheckedIOException e) {
                refusals.add(e.getMessage());
            }
        }
        return new Logins(millis, refusals);
    }

    /** How the logins went: the time each successful one took (connect to {@code +OK} after PASS), and why the others failed. */
    record Logins(List<Long> millis, List<String> refusals) {

        long p99() {
            if (millis.isEmpty()) {
                return -1;
            }
            List<Long> sorted = new ArrayList<>(millis);
            Collections.sort(sorted);
            return sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1);
        }
    }
}
