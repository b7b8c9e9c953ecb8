package org.postbox.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The worker pools: {@code limits.worker-*} for POP3, {@code lmtp.worker-*} for LMTP. */
class WorkerKeysTest {

    private static final int CORES = Runtime.getRuntime().availableProcessors();

    @Test
    void eachKindIsSizedFromTheConnectionsItsOwnListenersAdmit() {
        PostboxConfig c = PostboxConfig.parse("""
                listeners:
                  - {name: pop3, port: 110}
                  - {name: pop3s, port: 995}
                  - {name: lmtp, protocol: lmtp, port: 24, max-connections: 5}
                limits:
                  max-connections: 3
                """, "test");
        assertThat(c.workers().pop3()).as("3 connections on each of two listeners")
                .isEqualTo(new WorkerPoolConfig(6, 24));
        assertThat(c.workers().lmtp()).isEqualTo(new WorkerPoolConfig(5, 20));
    }

    @Test
    void manyConnectionsGetEightThreadsPerCoreAndFourQueuedTasksEach() {
        PostboxConfig c = PostboxConfig.defaults();
        int threads = Math.max(16, 8 * CORES);
        assertThat(c.workers().pop3()).as("one listener of 1000 connections")
                .isEqualTo(new WorkerPoolConfig(Math.min(1000, threads), 4000));
        assertThat(c.workers().lmtp()).as("sized for one LMTP listener's default 100 even without one")
                .isEqualTo(new WorkerPoolConfig(Math.min(100, threads), 400));
    }

    @Test
    void readsEveryKey() {
        PostboxConfig c = PostboxConfig.parse("""
                limits:
                  worker-threads: 7
                  worker-queue: 70
                lmtp:
                  worker-threads: 3
                  worker-queue: 30
                """, "test");
        assertThat(c.workers()).isEqualTo(new WorkersConfig(new WorkerPoolConfig(7, 70), new WorkerPoolConfig(3, 30)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "limits: {worker-threads: 0}           | limits.worker-threads: 0 is out of range; use a number from 1 to 10000",
            "limits: {worker-queue: 0}             | limits.worker-queue: 0 is out of range; use a number from 1 to 10000000",
            "lmtp: {worker-threads: many}          | lmtp.worker-threads: 'many' is not a whole number",
            "lmtp: {worker-queue: 20000000}        | lmtp.worker-queue: 20000000 is out of range",
            "lmtp: {worker-thread: 4}              | lmtp.worker-thread: unknown key",
    })
    void badValuesNameTheKeyAndTheFix(String yaml, String expected) {
        assertThatThrownBy(() -> PostboxConfig.parse(yaml, "test"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(expected);
    }
}
