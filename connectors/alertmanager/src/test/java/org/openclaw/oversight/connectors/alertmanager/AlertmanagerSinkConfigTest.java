package org.openclaw.oversight.connectors.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AlertmanagerSinkConfigTest {

    @Test
    void defaultsFollowTheClientContract() {
        AlertmanagerSinkConfig c = AlertmanagerSinkConfig.builder("http://127.0.0.1:9093/").build();

        assertThat(c.alertsEndpoint()).hasToString("http://127.0.0.1:9093/api/v2/alerts");
        assertThat(c.resendInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.firingEndsAfter()).isEqualTo(Duration.ofMinutes(4));
        assertThat(c.minRequestInterval()).as("at most 10 requests/s").isEqualTo(Duration.ofMillis(100));
        assertThatThrownBy(() -> AlertmanagerSinkConfig.builder("http://h:1").minRequestInterval(Duration.ofMillis(-1)).build())
                .hasMessageContaining("minRequestInterval");
        assertThat(c.resendInterval()).isLessThan(c.alertmanagerResolveTimeout());
    }

    @Test
    void resendMustStayShorterThanFiringEndsAfterAndResolveTimeout() {
        assertThatThrownBy(() -> AlertmanagerSinkConfig.builder("http://h:1").resendInterval(Duration.ofMinutes(4))
                .build()).hasMessageContaining("resendInterval").hasMessageContaining("firingEndsAfter");
        assertThatThrownBy(() -> AlertmanagerSinkConfig.builder("http://h:1").resendInterval(Duration.ofMinutes(2))
                .alertmanagerResolveTimeout(Duration.ofMinutes(1)).build()).hasMessageContaining("resolve_timeout");
    }

    @Test
    void badUrlsAreNamedInTheError() {
        assertThatThrownBy(() -> AlertmanagerSinkConfig.builder("127.0.0.1:9093").build())
                .hasMessageContaining("127.0.0.1:9093").hasMessageContaining("http");
        assertThatThrownBy(() -> AlertmanagerSinkConfig.builder("http://h:1").generatorUrl("not a url").build())
                .hasMessageContaining("generatorUrl");
        assertThatThrownBy(() -> AlertmanagerSinkConfig.builder("http://h:1").maxAlertsPerRequest(0).build())
                .hasMessageContaining("maxAlertsPerRequest");
    }
}
