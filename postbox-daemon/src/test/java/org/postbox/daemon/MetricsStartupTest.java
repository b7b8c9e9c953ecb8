package org.postbox.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.config.PostboxConfig;

/** The monitoring listener at start: bound like any listener, or not at all when turned off. */
class MetricsStartupTest {

    @TempDir
    Path dir;

    @Test
    void aTakenMetricsPortFailsTheStartLikeAnyListenerAndClosesWhatWasOpened() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String yaml = RunningDaemon.yaml(dir, 0).replace("metrics:\n  port: 0\n",
                    "metrics:\n  port: " + taken.getLocalPort() + "\n");
            PostboxConfig config = PostboxConfig.parse(yaml, "test");
            assertThat(config.metrics().port()).isEqualTo(taken.getLocalPort());

            assertThatThrownBy(() -> PostboxDaemon.start(config))
                    .isInstanceOf(ListenerBindException.class)
                    .hasMessage("listener 'metrics' cannot bind 127.0.0.1:" + taken.getLocalPort() + ": Address already in use");
        }
        // Everything was closed again: a daemon over the same store starts.
        try (RunningDaemon again = RunningDaemon.start(dir)) {
            assertThat(again.daemon().metricsAddress()).isPresent();
        }
    }

    @Test
    void turnedOffThereIsNoEndpoint() {
        PostboxConfig config = PostboxConfig.parse(RunningDaemon.yaml(dir, 0).replace("metrics:\n  port: 0\n",
                "metrics:\n  enabled: false\n"), "test");
        try (PostboxDaemon daemon = PostboxDaemon.start(config)) {
            assertThat(daemon.metricsAddress()).isEmpty();
            assertThat(daemon.notReadyBecause()).isEmpty();
        }
    }
}
