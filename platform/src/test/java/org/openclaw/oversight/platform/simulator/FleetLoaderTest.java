package org.openclaw.oversight.platform.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetLoaderTest {
    /** The repository's config/, seen from the platform module (Maven runs tests there). */
    private static final Path REPO_CONFIG = Path.of("..", "config");

    @Test
    void repositoryConfigGivesTheTenAgentsWithTheirTenantsAndModels() {
        Assumptions.assumeTrue(Files.isRegularFile(REPO_CONFIG.resolve("oversight.yml")), "config/ not present");
        Fleet fleet = FleetLoader.load(REPO_CONFIG);

        assertThat(fleet.agentIds()).containsExactlyInAnyOrderElementsOf(Fleet.builtIn().agentIds());
        for (SimulatedAgent a : fleet.agents()) {
            SimulatedAgent builtIn = Fleet.builtIn().find(a.agentId()).orElseThrow();
            assertThat(a.category()).as(a.agentId()).isEqualTo(builtIn.category());
            assertThat(a.tenantId()).as(a.agentId()).isEqualTo(builtIn.tenantId());
        }
        SimulatedAgent sales = fleet.find("sales-agent").orElseThrow();
        assertThat(sales.tenantId()).isEqualTo("acme-retail");
        assertThat(sales.model()).isEqualTo("gpt-4o");
        assertThat(fleet.find("hr-screening-agent").orElseThrow().isHrScreening()).isTrue();
        // hand-offs stay inside a tenant
        for (SimulatedAgent a : fleet.agents()) {
            assertThat(a.handoffTargets()).isNotEmpty().allSatisfy(t ->
                    assertThat(fleet.find(t).orElseThrow().tenantId()).isEqualTo(a.tenantId()));
        }
    }

    @Test
    void noConfigDirMeansTheBuiltInFleet() {
        assertThat(FleetLoader.load(null)).isEqualTo(Fleet.builtIn());
    }

    @Test
    void directoryWithoutOversightYmlIsExplained(@TempDir Path dir) {
        assertThatThrownBy(() -> FleetLoader.load(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no oversight.yml in " + dir).hasMessageContaining("--config-dir");
    }
}
