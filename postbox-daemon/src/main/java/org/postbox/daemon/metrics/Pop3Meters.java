package org.postbox.daemon.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.postbox.pop3.server.Pop3Observer;

/** The meters of one POP3 listener, tagged {@code listener} and {@code protocol="pop3"}. */
final class Pop3Meters implements Pop3Observer {

    private final MeterRegistry registry;
    private final Tags tags;
    private final Counter accepted;
    private final Counter rejected;
    private final Counter sent;
    private final Counter retrieved;
    private final Counter deleted;
    private final Counter forceReleased;
    private final Counter refusedBusy;
    private final Map<String, AtomicInteger> sessions = new ConcurrentHashMap<>();
    private final Map<String, Timer> commands = new ConcurrentHashMap<>();

    Pop3Meters(MeterRegistry registry, String listener) {
        this.registry = registry;
        this.tags = Tags.of("listener", listener, "protocol", "pop3");
        this.accepted = connections(registry, tags, "accepted");
        this.rejected = connections(registry, tags, "rejected");
        this.sent = Counter.builder(MeterNames.SENT).baseUnit("bytes")
                .description("Octets of replies sent to clients, before TLS").tags(tags).register(registry);
        this.retrieved = Counter.builder(MeterNames.MESSAGES_RETRIEVED)
                .description("Messages sent to clients by RETR").tags(tags).register(registry);
        this.deleted = Counter.builder(MeterNames.MESSAGES_DELETED)
                .description("Messages removed from the store when a session ended with QUIT").tags(tags).register(registry);
        this.forceReleased = Counter.builder(MeterNames.SESSIONS_FORCE_RELEASED)
                .description("Sessions whose connection had closed without their clean-up, released by the"
                        + " watchdog (a defect: each one is logged at ERROR)").tags(tags).register(registry);
        this.refusedBusy = workerRejections(registry, tags);
        // Present from the start, so that a dashboard shows 0 rather than nothing.
        sessionsIn(NO_TLS);
    }

    /** Also used by the LMTP meters, so both protocols share one metric. */
    static Counter workerRejections(MeterRegistry registry, Tags tags) {
        return Counter.builder(MeterNames.WORKER_REJECTIONS)
                .description("Sessions told the server is busy and closed because the worker pool and its queue"
                        + " were full")
                .tags(tags).register(registry);
    }

    /** Also used by the LMTP meters, so both protocols share one metric. */
    static Counter connections(MeterRegistry registry, Tags tags, String result) {
        return Counter.builder(MeterNames.CONNECTIONS)
                .description("Connections by outcome: accepted as a session, or rejected (over a connection limit,"
                        + " no valid PROXY header, gone before it)")
                .tags(tags).tag("result", result).register(registry);
    }

    @Override
    public void connectionAccepted() {
        accepted.increment();
    }

    @Override
    public void connectionRejected() {
        rejected.increment();
    }

    @Override
    public void sessionsOpen(String tls, int change) {
        sessionsIn(tls).addAndGet(change);
    }

    @Override
    public void octetsSent(long octets) {
        sent.increment(octets);
    }

    @Override
    public void commandAnswered(String command, String result, long nanos) {
        commands.computeIfAbsent(command + ' ' + result, key -> Timer.builder(MeterNames.COMMAND_DURATION)
                        .description("POP3 requests by command and result: time until the reply was ready (the"
                                + " transfer of a message excluded)")
                        .tags(tags).tag("command", command).tag("result", result)
                        .serviceLevelObjectives(MeterNames.COMMAND_BUCKETS)
                        .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void messagesRetrieved(long count) {
        retrieved.increment(count);
    }

    @Override
    public void messagesDeleted(long count) {
        deleted.increment(count);
    }

    @Override
    public void sessionForceReleased() {
        forceReleased.increment();
    }

    @Override
    public void sessionEndedBusy() {
        refusedBusy.increment();
    }

    private AtomicInteger sessionsIn(String tls) {
        return sessions.computeIfAbsent(tls, state -> {
            AtomicInteger open = new AtomicInteger();
            Gauge.builder(MeterNames.SESSIONS_OPEN, open, AtomicInteger::get)
                    .description("Open sessions by listener and TLS state: none, or the negotiated protocol")
                    .tags(tags).tag("tls", state).strongReference(true).register(registry);
            return open;
        });
    }
}
