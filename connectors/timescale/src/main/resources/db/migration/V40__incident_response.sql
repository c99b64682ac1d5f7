-- Incident response (issue 14, jobs/incident-response): what the incidents table needs beyond V1, the
-- idempotency keys of the job's audit entries, and the daily uptime per agent behind SlaBreach.

ALTER TABLE oversight.incidents
    ADD COLUMN alertname_count     integer     NOT NULL DEFAULT 1,   -- alerts (fingerprints) correlated into it
    ADD COLUMN correlated_into     text,                              -- set when a CascadingFailure took it in
    ADD COLUMN acked_by            text,
    ADD COLUMN resolved_by         text,                              -- a person, or 'alert' when the alert resolved it
    ADD COLUMN escalated_at        timestamptz,                       -- when escalation_level last changed
    ADD COLUMN dry_run             boolean     NOT NULL DEFAULT false,-- actions recorded, none sent
    ADD COLUMN gdpr_notice_due     timestamptz,                       -- PiiLeak: GDPR Art. 33 first notice (24 h)
    ADD COLUMN gdpr_report_due     timestamptz,                       -- PiiLeak: GDPR Art. 33 report (72 h)
    ADD COLUMN last_alert_at       timestamptz;                       -- newest (re-)fire of any of its alerts

-- The job appends to audit_log at least once (a restart replays from the last checkpoint); the key of
-- each state change is inserted in the same transaction as its entry, so a replayed change appends nothing.
CREATE TABLE oversight.incident_audit_keys (
    audit_key   text        NOT NULL,
    audit_seq   bigint      NOT NULL,
    written_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT incident_audit_keys_pk PRIMARY KEY (audit_key)
);

-- Uptime per agent and UTC day, from the durations of its AgentUnreachable incidents (issue 14: SLA).
CREATE TABLE oversight.agent_uptime_daily (
    day          timestamptz      NOT NULL,   -- midnight UTC of the day
    tenant_id    text             NOT NULL,
    agent_id     text             NOT NULL,
    downtime_ms  bigint           NOT NULL,
    uptime_ratio double precision NOT NULL,
    updated_at   timestamptz      NOT NULL DEFAULT now(),
    CONSTRAINT agent_uptime_daily_pk PRIMARY KEY (day, tenant_id, agent_id)
);

INSERT INTO oversight.retention_policy (table_name, time_column, keep_for, category, on_expiry, managed_by)
SELECT 'agent_uptime_daily', 'day', keep_for, category, on_expiry, managed_by
FROM oversight.retention_policy WHERE table_name = 'incidents'
ON CONFLICT DO NOTHING;
