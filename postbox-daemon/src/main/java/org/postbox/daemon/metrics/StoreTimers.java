package org.postbox.daemon.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.postbox.mailstore.DeliveryOutcome;
import org.postbox.mailstore.MaildropLockedException;
import org.postbox.mailstore.StoreException;
import org.postbox.mailstore.StoreUnavailableException;

/**
 * Times store calls by operation and result, and counts what the store refused that operators
 * watch for: maildrop lock conflicts and quota rejections. Shared by the store's decorators.
 *
 * <p>Results: {@code ok}; {@code refused}, a typed answer such as "no such mailbox" or "locked";
 * {@code unavailable}, the store cannot be reached; {@code error}, anything else.
 */
final class StoreTimers {

    private final MeterRegistry registry;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Counter lockConflicts;
    private final Counter quotaAtRecipient;
    private final Counter quotaAtDelivery;

    StoreTimers(MeterRegistry registry) {
        this.registry = registry;
        this.lockConflicts = Counter.builder(MeterNames.LOCK_CONFLICTS)
                .description("Maildrop opens refused because another session held the lock (POP3 [IN-USE])")
                .register(registry);
        this.quotaAtRecipient = quotaRejections(registry, "recipient");
        this.quotaAtDelivery = quotaRejections(registry, "delivery");
        for (String operation : new String[] {"open", "content", "commit", "deliver", "account"}) {
            timer(operation, "ok");
        }
    }

    private static Counter quotaRejections(MeterRegistry registry, String stage) {
        return Counter.builder(MeterNames.QUOTA_REJECTIONS)
                .description("Mail refused for a full mailbox or domain: when the recipient was checked (LMTP RCPT)"
                        + " or when the message was stored")
                .tag("stage", stage).register(registry);
    }

    <T> T time(String operation, Supplier<T> call) {
        long start = System.nanoTime();
        String result = "error";
        try {
            T value = call.get();
            result = "ok";
            return value;
        } catch (StoreUnavailableException e) {
            result = "unavailable";
            throw e;
        } catch (MaildropLockedException e) {
            result = "refused";
            if (operation.equals("open")) {
                lockConflicts.increment();
            }
            throw e;
        } catch (StoreException e) {
            result = "refused";
            throw e;
        } finally {
            timer(operation, result).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    void time(String operation, Runnable call) {
        time(operation, () -> {
            call.run();
            return null;
        });
    }

    void quotaRefusedAtRecipient() {
        quotaAtRecipient.increment();
    }

    void delivered(DeliveryOutcome outcome) {
        if (outcome instanceof DeliveryOutcome.OverQuota) {
            quotaAtDelivery.increment();
        }
    }

    private Timer timer(String operation, String result) {
        return timers.computeIfAbsent(operation + ' ' + result, key -> Timer.builder(MeterNames.STORE_OPERATION_DURATION)
                .description("Calls into the mail store by operation and result (ok, refused, unavailable, error);"
                        + " content is the time to start reading a message")
                .tag("operation", operation).tag("result", result)
                .serviceLevelObjectives(MeterNames.STORE_BUCKETS)
                .register(registry));
    }
}
