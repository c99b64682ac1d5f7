-- policy-enforcement (issue 13): what a violation row records, change approvals, per-agent retention of
-- compliance rows, compliance scores.

-- ---------------------------------------------------------------- violations
-- One row per (event_id, rule) as before; the job also records the policy version it judged by, the
-- interaction (trace id, or conversation id for channel-only rules) for the compliance score, and the ids of
-- every event that took part (the opening event is event_id). `action` is the suggested action.
ALTER TABLE oversight.policy_violations
    ADD COLUMN policy_version  text   NOT NULL DEFAULT '',
    ADD COLUMN interaction_id  text   NOT NULL DEFAULT '',
    ADD COLUMN evidence        text[] NOT NULL DEFAULT '{}';
CREATE INDEX policy_violations_interaction_idx ON oversight.policy_violations (agent_id, interaction_id);

-- ---------------------------------------------------------------- change approvals (dual_review_for_changes)
-- `oversight change approve --agent A --version V --by NAME` writes one row (and an audit_log entry);
-- a version is approved with two rows of different approvers. Configuration-like: no retention.
CREATE TABLE oversight.change_approvals (
    agent_id     text        NOT NULL,
    version      text        NOT NULL,
    approved_by  text        NOT NULL,
    approved_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT change_approvals_pk PRIMARY KEY (agent_id, version, approved_by)
);

-- ---------------------------------------------------------------- per-agent retention of compliance rows
-- policies.yml can require a longer audit trail for some agents (audit_trail_retention: 5y for high_risk)
-- than storage.retention.compliance_logs (1095 d). `oversight policy check --apply` and `oversight policy
-- push` write one row per such agent; apply_retention() then keeps that agent's compliance rows for the
-- longer of the two periods. A period shorter than the table's is ignored: a policy can extend, never cut.
CREATE TABLE oversight.compliance_retention (
    agent_id     text        NOT NULL PRIMARY KEY,
    keep_for     interval    NOT NULL CHECK (keep_for > interval '0'),
    policy_node  text        NOT NULL,            -- the node whose audit_trail_retention applies
    updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE OR REPLACE FUNCTION oversight.apply_retention(as_of timestamptz DEFAULT now())
    RETURNS TABLE (table_name text, keep_for interval, cutoff timestamptz, rows_deleted bigint, note text)
    LANGUAGE plpgsql
AS $$
#variable_conflict use_column
DECLARE
    p oversight.retention_policy%ROWTYPE;
    n bigint;
    extra bigint;
    longer bigint;
BEGIN
    FOR p IN SELECT * FROM oversight.retention_policy r ORDER BY r.table_name LOOP
        table_name := p.table_name;
        keep_for   := p.keep_for;
        cutoff     := as_of - p.keep_for;
        IF p.on_expiry = 'keep' THEN
            rows_deleted := 0;
            note := 'kept: minimum retention, never deleted automatically';
        ELSIF p.managed_by = 'timescaledb' THEN
            rows_deleted := 0;
            note := 'managed by TimescaleDB retention policy';
        ELSIF p.category = 'compliance' AND EXISTS (
                SELECT 1 FROM information_schema.columns c
                WHERE c.table_schema = 'oversight' AND c.table_name = p.table_name AND c.column_name = 'agent_id') THEN
            -- agents with a longer audit trail: their rows go by their own cutoff
            EXECUTE format('DELETE FROM oversight.%I t WHERE t.%I < $1 AND NOT EXISTS ('
                           'SELECT 1 FROM oversight.compliance_retention k WHERE k.agent_id = t.agent_id AND k.keep_for > $2)',
                           p.table_name, p.time_column)
                USING cutoff, p.keep_for;
            GET DIAGNOSTICS n = ROW_COUNT;
            EXECUTE format('DELETE FROM oversight.%I t USING oversight.compliance_retention k '
                           'WHERE k.agent_id = t.agent_id AND k.keep_for > $2 AND t.%I < $1 - k.keep_for',
                           p.table_name, p.time_column)
                USING as_of, p.keep_for;
            GET DIAGNOSTICS extra = ROW_COUNT;
            SELECT count(*) INTO longer FROM oversight.compliance_retention k WHERE k.keep_for > p.keep_for;
            rows_deleted := n + extra;
            note := CASE WHEN longer > 0 THEN 'deleted; ' || longer || ' agent(s) kept longer by audit_trail_retention'
                         ELSE 'deleted' END;
        ELSE
            EXECUTE format('DELETE FROM oversight.%I WHERE %I < $1', p.table_name, p.time_column)
                USING cutoff;
            GET DIAGNOSTICS n = ROW_COUNT;
            rows_deleted := n;
            note := 'deleted';
        END IF;
        RETURN NEXT;
    END LOOP;
END
$$;

-- ---------------------------------------------------------------- compliance score (Compliance dashboard)
-- Share of interactions without a violation, per agent and hour / day. An interaction is a trace of
-- agent_events; a violation found on a channel message alone (transparency notice, mandatory logging)
-- counts as one more interaction of its conversation. Zones: compliance_zones (one row; change it with
-- UPDATE, or set enforcement.compliance_zones in policies.yml and run `oversight policy check --apply`).
CREATE TABLE oversight.compliance_zones (
    id      boolean          NOT NULL PRIMARY KEY DEFAULT true CHECK (id),
    green   double precision NOT NULL CHECK (green BETWEEN 0 AND 1),
    yellow  double precision NOT NULL CHECK (yellow BETWEEN 0 AND 1),
    CHECK (yellow <= green)
);
INSERT INTO oversight.compliance_zones (id, green, yellow) VALUES (true, 0.99, 0.95);

CREATE FUNCTION oversight.compliance_scores(bucket_width interval)
    RETURNS TABLE (bucket timestamptz, tenant_id text, agent_id text, interactions bigint,
                   violating_interactions bigint, violations bigint, compliance_score double precision, zone text)
    LANGUAGE sql STABLE
AS $$
    WITH traces AS (
        SELECT date_bin(bucket_width, e.time, timestamptz '2000-01-01') AS bucket, e.tenant_id, e.agent_id,
               count(DISTINCT e.trace_id) AS n
        FROM oversight.agent_events e GROUP BY 1, 2, 3
    ), bad AS (
        SELECT date_bin(bucket_width, v.time, timestamptz '2000-01-01') AS bucket, v.tenant_id, v.agent_id,
               count(DISTINCT v.interaction_id) AS n_bad,
               count(DISTINCT v.interaction_id) FILTER (WHERE NOT EXISTS (
                   SELECT 1 FROM oversight.agent_events e WHERE e.trace_id = v.interaction_id)) AS n_extra,
               count(*) AS n_violations
        FROM oversight.policy_violations v GROUP BY 1, 2, 3
    )
    SELECT coalesce(t.bucket, b.bucket), coalesce(t.tenant_id, b.tenant_id), coalesce(t.agent_id, b.agent_id),
           coalesce(t.n, 0) + coalesce(b.n_extra, 0) AS interactions,
           coalesce(b.n_bad, 0) AS violating_interactions,
           coalesce(b.n_violations, 0) AS violations,
           1.0 - coalesce(b.n_bad, 0)::double precision / greatest(coalesce(t.n, 0) + coalesce(b.n_extra, 0), 1),
           CASE WHEN 1.0 - coalesce(b.n_bad, 0)::double precision / greatest(coalesce(t.n, 0) + coalesce(b.n_extra, 0), 1) >= z.green THEN 'green'
                WHEN 1.0 - coalesce(b.n_bad, 0)::double precision / greatest(coalesce(t.n, 0) + coalesce(b.n_extra, 0), 1) >= z.yellow THEN 'yellow'
                ELSE 'red' END
    FROM traces t
    FULL JOIN bad b ON b.bucket = t.bucket AND b.tenant_id = t.tenant_id AND b.agent_id = t.agent_id
    CROSS JOIN oversight.compliance_zones z
$$;

CREATE VIEW oversight.compliance_score_1h AS SELECT * FROM oversight.compliance_scores(interval '1 hour');
CREATE VIEW oversight.compliance_score_1d AS SELECT * FROM oversight.compliance_scores(interval '1 day');
