-- Retention (DESIGN §5): raw traces 90 d, aggregates 365 d, compliance data 1095 d.
--
-- oversight.retention_policy is the ONE place the periods live. Both mechanisms read it:
--  * with the `timescaledb` extension available: time-series tables whose key contains their
--    time column become hypertables and get a TimescaleDB retention policy (drop_chunks job);
--    their rows are marked managed_by = 'timescaledb'.
--  * everything else (plain PostgreSQL, or tables whose natural key has no time column:
--    pii_findings, policy_violations, incidents) is pruned by oversight.apply_retention(),
--    which `oversight` commands call and which, on TimescaleDB, a daily job also calls.
--
-- audit_log is the documented exception: on_expiry = 'keep'. Its 1095 d are a MINIMUM
-- retention (a compliance duty to keep), never an automatic delete: deleting the oldest rows
-- would need the append-only triggers switched off and would cut the hash chain. Archiving and
-- pruning audit rows older than 1095 d is a deliberate, manual DBA act (export, verify the
-- export with AuditChainVerifier, then remove with the triggers disabled and record an audit
-- entry saying so). apply_retention() reports audit_log with 0 rows deleted.
-- budgets is configuration and has no retention.
-- To change a period, write a new migration that updates this table (and, on TimescaleDB,
-- calls remove_retention_policy/add_retention_policy for the hypertable).

CREATE TABLE oversight.retention_policy (
    table_name   text     NOT NULL PRIMARY KEY,
    time_column  text     NOT NULL,
    keep_for     interval NOT NULL CHECK (keep_for > interval '0'),
    category     text     NOT NULL CHECK (category IN ('raw', 'aggregate', 'compliance')),
    on_expiry    text     NOT NULL CHECK (on_expiry IN ('delete', 'keep')),
    managed_by   text     NOT NULL DEFAULT 'apply_retention' CHECK (managed_by IN ('apply_retention', 'timescaledb'))
);

INSERT INTO oversight.retention_policy (table_name, time_column, keep_for, category, on_expiry) VALUES
    ('agent_events',      'time',        interval '90 days',   'raw',        'delete'),
    ('channel_messages',  'time',        interval '90 days',   'raw',        'delete'),
    ('agent_metrics_1m',  'bucket',      interval '365 days',  'aggregate',  'delete'),
    ('agent_metrics_1h',  'bucket',      interval '365 days',  'aggregate',  'delete'),
    ('system_metrics_1m', 'bucket',      interval '365 days',  'aggregate',  'delete'),
    ('anomalies',         'starts_at',   interval '365 days',  'aggregate',  'delete'),
    ('pii_findings',      'time',        interval '1095 days', 'compliance', 'delete'),
    ('policy_violations', 'time',        interval '1095 days', 'compliance', 'delete'),
    -- open incidents have no resolved_at and are never pruned
    ('incidents',         'resolved_at', interval '1095 days', 'compliance', 'delete'),
    ('audit_log',         'at',          interval '1095 days', 'compliance', 'keep');

COMMENT ON TABLE oversight.retention_policy IS
    'The retention periods (DESIGN §5). managed_by = timescaledb: hypertable with a TimescaleDB retention policy; apply_retention: pruned by oversight.apply_retention(). on_expiry = keep: never deleted automatically (audit_log).';

-- Deletes rows older than their table's keep_for, measured back from as_of, for every table
-- managed by apply_retention; returns one row per table in retention_policy.
CREATE FUNCTION oversight.apply_retention(as_of timestamptz DEFAULT now())
    RETURNS TABLE (table_name text, keep_for interval, cutoff timestamptz, rows_deleted bigint, note text)
    LANGUAGE plpgsql
AS $$
#variable_conflict use_column
DECLARE
    p oversight.retention_policy%ROWTYPE;
    n bigint;
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

-- TimescaleDB when it is there; plain PostgreSQL otherwise. The same migration runs on both.
DO $$
DECLARE
    p oversight.retention_policy%ROWTYPE;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb') THEN
        RAISE NOTICE 'timescaledb is not available: plain tables, retention via oversight.apply_retention()';
        RETURN;
    END IF;
    BEGIN
        CREATE EXTENSION IF NOT EXISTS timescaledb;
    EXCEPTION WHEN OTHERS THEN
        -- typically: installed but not in shared_preload_libraries
        RAISE WARNING 'timescaledb is available but could not be created (%): plain tables, retention via oversight.apply_retention()', SQLERRM;
        RETURN;
    END;

    -- Only tables whose primary key contains the time column can be hypertables.
    FOR p IN SELECT * FROM oversight.retention_policy
             WHERE on_expiry = 'delete'
               AND table_name IN ('agent_events', 'channel_messages', 'agent_metrics_1m',
                                  'agent_metrics_1h', 'system_metrics_1m', 'anomalies') LOOP
        EXECUTE format('SELECT create_hypertable(%L, %L, create_default_indexes => false, if_not_exists => true, migrate_data => true)',
                       'oversight.' || p.table_name, p.time_column);
        EXECUTE format('SELECT add_retention_policy(%L, drop_after => %L::interval, if_not_exists => true)',
                       'oversight.' || p.table_name, p.keep_for);
        UPDATE oversight.retention_policy SET managed_by = 'timescaledb' WHERE table_name = p.table_name;
    END LOOP;

    -- The remaining tables are pruned daily by TimescaleDB's job scheduler calling apply_retention.
    EXECUTE $job$
        CREATE OR REPLACE PROCEDURE oversight.retention_job(job_id integer, config jsonb)
            LANGUAGE plpgsql
        AS $proc$
        BEGIN
            PERFORM oversight.apply_retention(now());
        END
        $proc$
    $job$;
    IF NOT EXISTS (SELECT 1 FROM timescaledb_information.jobs WHERE proc_schema = 'oversight' AND proc_name = 'retention_job') THEN
        PERFORM add_job('oversight.retention_job', interval '1 day');
    END IF;
    RAISE NOTICE 'timescaledb: hypertables with retention policies created; other tables pruned daily by oversight.retention_job';
END
$$;
