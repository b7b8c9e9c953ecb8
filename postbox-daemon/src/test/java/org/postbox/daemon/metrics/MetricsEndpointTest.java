package org.postbox.daemon.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The monitoring listener over real HTTP on loopback. */
class MetricsEndpointTest {

    private final AtomicReference<Optional<String>> problem = new AtomicReference<>(Optional.empty());
    private final HttpClient http = HttpClient.newHttpClient();
    private MetricsEndpoint endpoint;

    @BeforeEach
    void start() throws Exception {
        endpoint = MetricsEndpoint.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                () -> "# HELP up_total x\n# TYPE up_total counter\nup_total 1.0\n", problem::get);
    }

    @AfterEach
    void stop() {
        endpoint.close();
    }

    @Test
    void servesMetricsInTheClassicTextFormat() throws Exception {
        HttpResponse<String> response = get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(response.body()).isEqualTo("# HELP up_total x\n# TYPE up_total counter\nup_total 1.0\n");
    }

    @Test
    void isLiveWhileItRuns() throws Exception {
        HttpResponse<String> response = get("/livez");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("ok\n");
    }

    @Test
    void readinessFollowsWhatTheDaemonSays() throws Exception {
        assertThat(get("/readyz").statusCode()).isEqualTo(200);

        problem.set(Optional.of("the store did not answer within 2000 ms"));
        HttpResponse<String> notReady = get("/readyz");

        assertThat(notReady.statusCode()).isEqualTo(503);
        assertThat(notReady.body()).isEqualTo("not ready: the store did not answer within 2000 ms\n");
    }

    @Test
    void otherPathsAndMethodsAreRefused() throws Exception {
        assertThat(get("/metrics/").statusCode()).isEqualTo(404);
        assertThat(get("/").statusCode()).isEqualTo(404);
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(uri("/metrics"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }

    @Test
    void headAnswersWithoutABody() throws Exception {
        HttpResponse<String> head = http.send(HttpRequest.newBuilder(uri("/metrics"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + endpoint.address().getPort() + path);
    }
}
