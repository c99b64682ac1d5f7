package org.openclaw.oversight.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalAlertmanagerITCase {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void acceptsAlertsStopsAndStartsOnTheSamePort(@TempDir Path dataDir) throws Exception {
        long firstPid;
        long secondPid;
        int port;
        try (LocalAlertmanager alertmanager = LocalAlertmanager.start(dataDir, 0, null)) {
            firstPid = alertmanager.pid();
            port = alertmanager.port();
            ProcessAssertions.assertRunning(firstPid);
            System.err.println("alertmanager: " + alertmanager.stats());

            postAlert(alertmanager, "LocalstackFirst");
            assertThat(get(alertmanager.url() + "/api/v2/alerts?filter=alertname%3D%22LocalstackFirst%22"))
                    .contains("\"alertname\":\"LocalstackFirst\"")
                    .contains("\"tenant\":\"acme\"");

            alertmanager.stop();
            ProcessAssertions.assertStopped(firstPid, port);
            assertThatThrownBy(() -> get(alertmanager.url() + "/-/ready")).isInstanceOf(ConnectException.class);

            alertmanager.start();
            secondPid = alertmanager.pid();
            assertThat(secondPid).isNotEqualTo(firstPid);
            assertThat(alertmanager.url()).isEqualTo("http://127.0.0.1:" + port);
            postAlert(alertmanager, "LocalstackSecond");
            assertThat(get(alertmanager.url() + "/api/v2/alerts")).contains("LocalstackSecond");
        }
        ProcessAssertions.assertStopped(secondPid, port);
    }

    @Test
    void invalidConfigFailsWithTheLogAndWhatToDo(@TempDir Path dataDir) throws Exception {
        Path config = dataDir.resolve("broken.yml");
        java.nio.file.Files.writeString(config, "route:\n  receiver: nobody\nreceivers: []\n");
        assertThatThrownBy(() -> LocalAlertmanager.start(dataDir, 0, config))
                .isInstanceOf(ServerStartException.class)
                .hasMessageContaining("before it was ready")
                .hasMessageContaining("Log: " + dataDir.resolve("alertmanager.log"))
                .hasMessageContaining("nobody")
                .hasMessageContaining("What to do:");
    }

    private void postAlert(LocalAlertmanager alertmanager, String name) throws Exception {
        String body = "[{\"labels\":{\"alertname\":\"" + name + "\",\"severity\":\"high\",\"tenant\":\"acme\"},"
                + "\"annotations\":{\"summary\":\"localstack test\"},"
                + "\"startsAt\":\"" + Instant.now() + "\",\"endsAt\":\"" + Instant.now().plusSeconds(240) + "\"}]";
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(alertmanager.url() + "/api/v2/alerts"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private String get(String url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
