package org.postbox.system.faults;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DaemonLogTest {

    private static final String PREFIX = "2026-12-06 07:37:47.295 ";

    @Test
    void anErrorWithAStackTraceIsFound() {
        String log = PREFIX + "INFO  [- -] o.p.d.Postboxd: running\n"
                + PREFIX + "ERROR [47bbe0aa 127.0.0.1:52948] o.a.m.c.s.IoProcessor: unexpected\n"
                + "java.io.IOException: Connection reset by peer\n"
                + "\tat java.base/sun.nio.ch.SocketDispatcher.read0(Native Method)\n";

        assertThat(DaemonLog.errorsWithStackTraces(log)).singleElement().asString()
                .contains("ERROR", "java.io.IOException: Connection reset by peer");
    }

    @Test
    void errorsAloneAndStackTracesAtLowerLevelsAreNotWhatItLooksFor() {
        String log = PREFIX + "ERROR [- -] o.p.d.Postboxd: cannot read the certificates\n"
                + PREFIX + "WARN  [- -] o.p.m.m.MaildirDelivery: delivery failed\n"
                + "java.io.IOException: No space left on device\n"
                + "\tat java.base/sun.nio.ch.FileDispatcherImpl.write0(Native Method)\n";

        assertThat(DaemonLog.errorsWithStackTraces(log)).isEmpty();
    }
}
