package org.openclaw.oversight.connectors.timescale;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuditEntryHashTest {

    // computed by PostgreSQL 15 with the V2__audit_log.sql trigger
    private static final String POSTGRES_HASH = "4efdb9ae8a797d4e8910f71d54ae9b79406a29286390e28016f8fc7df63e9b0b";
    private static final Instant AT = Instant.parse("2026-11-21T21:23:09.347868Z");

    @Test
    void canonicalContentIsNetstringsOfTheSevenFields() {
        assertThat(AuditEntryHash.canonicalContent(AuditEntryHash.GENESIS, 1, AT, "alice", "policy.push",
                "policies/global", "{\"a\": \"x\", \"b\": 1}"))
                .isEqualTo("64:" + "0".repeat(64) + ",1:1,27:2026-11-21T21:23:09.347868Z,5:alice,11:policy.push,"
                        + "15:policies/global,18:{\"a\": \"x\", \"b\": 1},");
    }

    @Test
    void matchesTheHashPostgresComputed() {
        assertThat(AuditEntryHash.hash(AuditEntryHash.GENESIS, 1, AT, "alice", "policy.push", "policies/global",
                "{\"a\": \"x\", \"b\": 1}")).isEqualTo(POSTGRES_HASH);
    }

    @Test
    void alwaysWritesSixFractionDigitsAndCountsBytesNotChars() {
        String content = AuditEntryHash.canonicalContent("p", 12, Instant.parse("2026-01-02T03:04:05Z"), "ä", "",
                "r", "{}");
        assertThat(content).isEqualTo("1:p,2:12,27:2026-01-02T03:04:05.000000Z,2:ä,0:,1:r,2:{},");
    }
}
