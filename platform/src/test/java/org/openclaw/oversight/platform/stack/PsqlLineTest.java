package org.openclaw.oversight.platform.stack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The psql line: the local stack's local-only credential in it, an external database's password never. */
class PsqlLineTest {

    @Test
    void theLocalStackLineCarriesItsLocalOnlyCredentialAndTheSearchPath() {
        assertThat(PsqlLine.local("jdbc:postgresql://127.0.0.1:5432/oversight", "oversight", "oversight"))
                .isEqualTo("psql \"postgresql://oversight:oversight@127.0.0.1:5432/oversight"
                        + "?options=-csearch_path%3Doversight%2Cpublic\"");
    }

    @Test
    void anExternalDatabaseLineNeverContainsThePassword() {
        String line = PsqlLine.external(
                "jdbc:postgresql://db.example:5433/oversight?sslmode=require&password=s3cret&user=other&ssl=true",
                "analyst");
        assertThat(line).isEqualTo("PGPASSWORD=\"$OVERSIGHT_DB_PASSWORD\" psql \"postgresql://analyst@db.example:5433/"
                + "oversight?sslmode=require&options=-csearch_path%3Doversight%2Cpublic\"");
        assertThat(line).doesNotContain("s3cret").doesNotContain("ssl=true");
    }

    @Test
    void userNamesAreEncodedForTheUri() {
        assertThat(PsqlLine.local("jdbc:postgresql://127.0.0.1:5432/oversight", "a b@c", "p:w"))
                .startsWith("psql \"postgresql://a%20b%40c:p%3Aw@127.0.0.1:5432/oversight?");
    }
}
