-- OpenClaw Oversight: the tables of DESIGN §5 (schema `oversight`).
--
-- Every table has the natural key DESIGN §5 names as its PRIMARY KEY, so every sink writes with
-- INSERT ... ON CONFLICT (key) and a replay after a failure never double counts.
-- Column names are the snake_case of the Avro field names (AgentEvent.startTime -> time, the
-- event time; tenantId -> tenant_id ...). Free-text columns (input, output, text) only ever hold
-- REDACTED text: the ingestion job redacts before it writes.
-- Money is numeric(20,9) EUR: sums over millions of sub-cent LLM calls must add up exactly.
-- Columns that are part of a key are NOT NULL; where a dimension can be absent (model of a
-- tool call) writers use '' rather than NULL.
-- TimescaleDB hypertables and retention are set up in V3 (they need the tables empty or new).

-- ---------------------------------------------------------------- raw traces (90 d)

CREATE TABLE oversight.agent_events (
    event_id             text        NOT NULL,
    time                 timestamptz NOT NULL,            -- AgentEvent.startTime (event time)
    tenant_id            text        NOT NULL,
    agent_id             text        NOT NULL,
    agent_version        text,
    trace_id             text        NOT NULL,
    span_id              text        NOT NULL,
    parent_span_id       text,
    kind                 text        NOT NULL,            -- EventKind: AGENT_RUN, LLM_CALL, ...
    name                 text,
    duration_ms          bigint      NOT NULL DEFAULT 0,
    status               text        NOT NULL,            -- SpanStatus: OK, ERROR, TIMEOUT
    error_type           text,
    provider             text,                            -- gen_ai.provider.name
    model                text,                            -- gen_ai.request.model
    input_tokens         bigint      NOT NULL DEFAULT 0,
    output_tokens        bigint      NOT NULL DEFAULT 0,
    cached_input_tokens  bigint      NOT NULL DEFAULT 0,
    tool_name            text,
    tool_success         boolean,
    input                text,                            -- redacted
    output               text,                            -- redacted
    user_id              text,
    channel              text,
    alignment_score      double precision,
    quality_score        double precision,
    user_satisfaction    double precision,
    attributes           jsonb       NOT NULL DEFAULT '{}'::jsonb,
    cost_eur             numeric(20, 9) NOT NULL DEFAULT 0,
    pii_types            text[]      NOT NULL DEFAULT '{}',
    injection_suspected  boolean     NOT NULL DEFAULT false,
    sampled              boolean     NOT NULL DEFAULT true,
    ingested_at          timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT agent_events_pk PRIMARY KEY (event_id, time)
);
CREATE INDEX agent_events_time_idx         ON oversight.agent_events (time DESC);
CREATE INDEX agent_events_tenant_agent_idx ON oversight.agent_events (tenant_id, agent_id, time DESC);
CREATE INDEX agent_events_trace_idx        ON oversight.agent_events (trace_id, time DESC);

CREATE TABLE oversight.channel_messages (
    message_id           text        NOT NULL,
    time                 timestamptz NOT NULL,            -- ChannelMessage.timestamp
    tenant_id            text        NOT NULL,
    agent_id             text        NOT NULL,
    conversation_id      text        NOT NULL,
    user_id              text,
    channel              text        NOT NULL,            -- WHATSAPP, TEAMS, ...
    direction            text        NOT NULL,            -- INBOUND, OUTBOUND
    text                 text,                            -- redacted
    media_type           text,
    delivery_status      text,
    error_code           text,
    pii_types            text[]      NOT NULL DEFAULT '{}',
    injection_suspected  boolean     NOT NULL DEFAULT false,
    ingested_at          timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT channel_messages_pk PRIMARY KEY (message_id, time)
);
CREATE INDEX channel_messages_time_idx         ON oversight.channel_messages (time DESC);
CREATE INDEX channel_messages_conversation_idx ON oversight.channel_messages (conversation_id, time DESC);
CREATE INDEX channel_messages_tenant_agent_idx ON oversight.channel_messages (tenant_id, agent_id, time DESC);

-- ---------------------------------------------------------------- aggregates (365 d)

CREATE TABLE oversight.agent_metrics_1m (
    bucket               timestamptz NOT NULL,            -- window start
    tenant_id            text        NOT NULL,
    agent_id             text        NOT NULL,
    model                text        NOT NULL DEFAULT '', -- '' = no model (tool calls, ...)
    requests             bigint      NOT NULL DEFAULT 0,
    errors               bigint      NOT NULL DEFAULT 0,
    input_tokens         bigint      NOT NULL DEFAULT 0,
    output_tokens        bigint      NOT NULL DEFAULT 0,
    cached_input_tokens  bigint      NOT NULL DEFAULT 0,
    cost_eur             numeric(20, 9) NOT NULL DEFAULT 0,
    latency_p50_ms       double precision,
    latency_p95_ms       double precision,
    latency_p99_ms       double precision,
    latency_max_ms       double precision,
    tool_calls           bigint      NOT NULL DEFAULT 0,
    tool_failures        bigint      NOT NULL DEFAULT 0,
    alignment_avg        double precision,
    quality_avg          double precision,
    satisfaction_avg     double precision,
    updated_at           timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT agent_metrics_1m_pk PRIMARY KEY (bucket, tenant_id, agent_id, model)
);
CREATE INDEX agent_metrics_1m_bucket_idx       ON oversight.agent_metrics_1m (bucket DESC);
CREATE INDEX agent_metrics_1m_tenant_agent_idx ON oversight.agent_metrics_1m (tenant_id, agent_id, bucket DESC);

CREATE TABLE oversight.agent_metrics_1h (LIKE oversight.agent_metrics_1m INCLUDING DEFAULTS,
    CONSTRAINT agent_metrics_1h_pk PRIMARY KEY (bucket, tenant_id, agent_id, model));
CREATE INDEX agent_metrics_1h_bucket_idx       ON oversight.agent_metrics_1h (bucket DESC);
CREATE INDEX agent_metrics_1h_tenant_agent_idx ON oversight.agent_metrics_1h (tenant_id, agent_id, bucket DESC);

CREATE TABLE oversight.system_metrics_1m (
    bucket               timestamptz NOT NULL,
    total_cost_eur       numeric(20, 9) NOT NULL DEFAULT 0,
    requests             bigint      NOT NULL DEFAULT 0,
    errors               bigint      NOT NULL DEFAULT 0,
    error_rate           double precision NOT NULL DEFAULT 0,   -- errors / requests, 0..1
    avg_latency_ms       double precision,
    active_agents        integer     NOT NULL DEFAULT 0,
    updated_at           timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT system_metrics_1m_pk PRIMARY KEY (bucket)
);

CREATE TABLE oversight.anomalies (
    fingerprint          text        NOT NULL,            -- Alert.fingerprint
    starts_at            timestamptz NOT NULL,
    ends_at              timestamptz,                     -- NULL while firing
    tenant_id            text,
    agent_id             text,
    detector             text        NOT NULL,            -- e.g. three_sigma, cascading_failure
    metric               text        NOT NULL,
    value                double precision,
    mean                 double precision,
    sigma                double precision,
    window_seconds       bigint,                          -- length of the baseline window
    severity             text,                            -- P1..P4
    details              jsonb       NOT NULL DEFAULT '{}'::jsonb,
    updated_at           timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT anomalies_pk PRIMARY KEY (fingerprint, starts_at)
);
CREATE INDEX anomalies_starts_at_idx    ON oversight.anomalies (starts_at DESC);
CREATE INDEX anomalies_tenant_agent_idx ON oversight.anomalies (tenant_id, agent_id, starts_at DESC);

-- ---------------------------------------------------------------- configuration (kept)

CREATE TABLE oversight.budgets (
    tenant_id            text        NOT NULL,
    agent_id             text        NOT NULL,            -- '*' = the tenant as a whole
    daily_budget_eur     numeric(20, 9) NOT NULL CHECK (daily_budget_eur >= 0),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT budgets_pk PRIMARY KEY (tenant_id, agent_id)
);

-- ---------------------------------------------------------------- compliance data (1095 d)

-- Never the raw value: only where it was, what it was, and what was done about it.
CREATE TABLE oversight.pii_findings (
    event_id             text        NOT NULL,            -- AgentEvent.eventId or ChannelMessage.messageId
    field                text        NOT NULL,            -- input, output, text, ...
    start                integer     NOT NULL,            -- offset of the finding in the original field
    length               integer     NOT NULL,
    time                 timestamptz NOT NULL,            -- event time of the scanned event
    tenant_id            text        NOT NULL,
    agent_id             text        NOT NULL,
    pii_type             text        NOT NULL,            -- EMAIL, IBAN, PHONE, ...
    detector             text        NOT NULL,
    action               text        NOT NULL,            -- REDACT, PSEUDONYMIZE, MASK, BLOCK
    pseudonym            text,                            -- stable token, never the value
    detected_at          timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pii_findings_pk PRIMARY KEY (event_id, field, start)
);
CREATE INDEX pii_findings_time_idx        ON oversight.pii_findings (time DESC);
CREATE INDEX pii_findings_tenant_type_idx ON oversight.pii_findings (tenant_id, pii_type, time DESC);

CREATE TABLE oversight.policy_violations (
    event_id             text        NOT NULL,
    rule                 text        NOT NULL,
    time                 timestamptz NOT NULL,            -- event time of the violating event
    tenant_id            text        NOT NULL,
    agent_id             text        NOT NULL,
    policy_node          text        NOT NULL,            -- global, customer_facing, agent:<id>, ...
    observed_value       text,                            -- what the event did
    limit_value          text,                            -- what the rule allows
    action               text        NOT NULL,            -- LOG, ALERT, BLOCK, PAUSE, ...
    severity             text,
    details              jsonb       NOT NULL DEFAULT '{}'::jsonb,
    detected_at          timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT policy_violations_pk PRIMARY KEY (event_id, rule)
);
CREATE INDEX policy_violations_time_idx         ON oversight.policy_violations (time DESC);
CREATE INDEX policy_violations_tenant_agent_idx ON oversight.policy_violations (tenant_id, agent_id, time DESC);

CREATE TABLE oversight.incidents (
    incident_id          text        NOT NULL,
    fingerprint          text        NOT NULL,            -- of the alert that opened it
    type                 text        NOT NULL,            -- alertname, e.g. AgentUnreachable
    severity             text        NOT NULL,            -- P1..P4
    status               text        NOT NULL,            -- OPEN, ACKNOWLEDGED, RESOLVED
    tenant_id            text,
    agent_id             text,
    summary              text,
    opened_at            timestamptz NOT NULL,
    acked_at             timestamptz,
    resolved_at          timestamptz,
    escalation_level     integer     NOT NULL DEFAULT 1 CHECK (escalation_level BETWEEN 1 AND 4),
    actions_taken        jsonb       NOT NULL DEFAULT '[]'::jsonb,   -- [{action, at, result}, ...]
    updated_at           timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT incidents_pk PRIMARY KEY (incident_id)
);
CREATE INDEX incidents_status_idx      ON oversight.incidents (status, opened_at DESC);
CREATE INDEX incidents_fingerprint_idx ON oversight.incidents (fingerprint);
CREATE INDEX incidents_resolved_at_idx ON oversight.incidents (resolved_at);
