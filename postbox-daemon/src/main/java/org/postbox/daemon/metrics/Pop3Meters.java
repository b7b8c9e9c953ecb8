package org.postbox.daemon.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.postbox.pop3.server.Pop3Observer;

/** The meters of one POP3 listener: those of every listener, plus commands and messages retrieved and deleted. */
final class Pop3Meters extends ListenerMeters implements Pop3Observer {

    private final Counter retrieved;
    private final Counter deleted;
    private final Map<String, Timer> commands = new ConcurrentHashMap<>();

    Pop3Meters(MeterRegistry registry, String listener) {
        super(registry, listener, "pop3");
        this.retrieved = Counter.builder(MeterNames.MESSAGES_RETRIEVED)
                .description("Messages sent to clients by RETR").tags(tags).register(registry);
        this.deleted = Counter.builder(MeterNames.MESSAGES_DELETED)
                .description("Messages removed from the store when a session ended with QUIT").tags(tags).register(registry);
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
}
