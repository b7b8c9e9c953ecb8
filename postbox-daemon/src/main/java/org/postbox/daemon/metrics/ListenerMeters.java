package org.postbox.daemon.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.postbox.session.ListenerObserver;

/**
 * The meters every listener has, whatever its protocol, tagged {@code listener} and
 * {@code protocol}: connections by outcome, open sessions by TLS state, octets sent, sessions
 * force-released by the watchdog and sessions turned away busy. Each protocol's meters extend it
 * with their own events, so a dashboard reads POP3 and LMTP listeners under the same names.
 */
class ListenerMeters implements ListenerObserver {

    final MeterRegistry registry;
    final Tags tags;
    private final Counter accepted;
    private final Counter rejected;
    private final Counter sent;
    private final Counter forceReleased;
    private final Counter refusedBusy;
    private final Map<String, AtomicInteger> sessions = new ConcurrentHashMap<>();

    ListenerMeters(MeterRegistry registry, String listener, String protocol) {
        this.registry = registry;
        this.tags = Tags.of("listener", listener, "protocol", protocol);
        this.accepted = connections("accepted");
        this.rejected = connections("rejected");
        this.sent = Counter.builder(MeterNames.SENT).baseUnit("bytes")
                .description("Octets of replies sent to clients, before TLS").tags(tags).register(registry);
        this.forceReleased = Counter.builder(MeterNames.SESSIONS_FORCE_RELEASED)
                .description("Sessions whose connection had closed without their clean-up, released by the"
                        + " watchdog (a defect: each one is logged at ERROR)").tags(tags).register(registry);
        this.refusedBusy = Counter.builder(MeterNames.WORKER_REJECTIONS)
                .description("Sessions told the server is busy and closed because the worker pool and its queue"
                        + " were full")
                .tags(tags).register(registry);
        // Present from the start, so that a dashboard shows 0 rather than nothing.
        sessionsIn(NO_TLS);
    }

    private Counter connections(String result) {
        return Counter.builder(MeterNames.CONNECTIONS)
                .description("Connections by outcome: accepted as a session, or rejected (over a connection limit,"
                        + " no valid PROXY header, gone before it)")
                .tags(tags).tag("result", result).register(registry);
    }

    @Override
    public final void connectionAccepted() {
        accepted.increment();
    }

    @Override
    public final void connectionRejected() {
        rejected.increment();
    }

    @Override
    public final void sessionsOpen(String tls, int change) {
        sessionsIn(tls).addAndGet(change);
    }

    @Override
    public final void octetsSent(long octets) {
        sent.increment(octets);
    }

    @Override
    public final void sessionForceReleased() {
        forceReleased.increment();
    }

    @Override
    public final void sessionEndedBusy() {
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
