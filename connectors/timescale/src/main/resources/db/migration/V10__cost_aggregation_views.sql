-- Cost aggregation (jobs/cost-aggregation): the derived per-window values the job writes next to
-- V1's columns, and the "today so far" views over the hourly table.
--
-- The job writes every column of a row on each (re-)emission of its window, so a late event's
-- corrected aggregate replaces the whole row. Rates are written, not generated, because their
-- denominator (the window length) differs between the 1m and 1h tables.

ALTER TABLE oversight.agent_metrics_1m
    ADD COLUMN error_rate          double precision NOT NULL DEFAULT 0,   -- errors / requests, 0..1
    ADD COLUMN requests_per_minute double precision NOT NULL DEFAULT 0,   -- throughput
    ADD COLUMN unpriced_requests   bigint NOT NULL DEFAULT 0,             -- events without costEur (not in cost_eur)
    ADD COLUMN latency_avg_ms      double precision,
    ADD COLUMN latency_count       bigint NOT NULL DEFAULT 0,             -- events with a latency (spans)
    ADD COLUMN tool_success_rate   double precision,                      -- NULL without tool calls
    ADD COLUMN alignment_count     bigint NOT NULL DEFAULT 0,             -- events that carried the score
    ADD COLUMN quality_count       bigint NOT NULL DEFAULT 0,
    ADD COLUMN satisfaction_count  bigint NOT NULL DEFAULT 0;

ALTER TABLE oversight.agent_metrics_1h
    ADD COLUMN error_rate          double precision NOT NULL DEFAULT 0,
    ADD COLUMN requests_per_minute double precision NOT NULL DEFAULT 0,
    ADD COLUMN unpriced_requests   bigint NOT NULL DEFAULT 0,
    ADD COLUMN latency_avg_ms      double precision,
    ADD COLUMN latency_count       bigint NOT NULL DEFAULT 0,
    ADD COLUMN tool_success_rate   double precision,
    ADD COLUMN alignment_count     bigint NOT NULL DEFAULT 0,
    ADD COLUMN quality_count       bigint NOT NULL DEFAULT 0,
    ADD COLUMN satisfaction_count  bigint NOT NULL DEFAULT 0;

-- Spend per agent and UTC day, from the hourly table, with the agent's budget (NULL if none).
CREATE VIEW oversight.agent_cost_daily AS
SELECT (m.bucket AT TIME ZONE 'UTC')::date                    AS day,
       m.tenant_id,
       m.agent_id,
       sum(m.cost_eur)                                        AS cost_eur,
       sum(m.requests)                                        AS requests,
       sum(m.errors)                                          AS errors,
       sum(m.input_tokens)                                    AS input_tokens,
       sum(m.output_tokens)                                   AS output_tokens,
       sum(m.cached_input_tokens)                             AS cached_input_tokens,
       sum(m.unpriced_requests)                               AS unpriced_requests,
       b.daily_budget_eur,
       CASE WHEN b.daily_budget_eur > 0 THEN sum(m.cost_eur) / b.daily_budget_eur END AS budget_used
FROM oversight.agent_metrics_1h m
LEFT JOIN oversight.budgets b ON b.tenant_id = m.tenant_id AND b.agent_id = m.agent_id
GROUP BY 1, m.tenant_id, m.agent_id, b.daily_budget_eur;

-- Spend per tenant and UTC day, with the tenant's own budget (budgets.agent_id = '*').
CREATE VIEW oversight.tenant_cost_daily AS
SELECT (m.bucket AT TIME ZONE 'UTC')::date                    AS day,
       m.tenant_id,
       sum(m.cost_eur)                                        AS cost_eur,
       sum(m.requests)                                        AS requests,
       sum(m.errors)                                          AS errors,
       count(DISTINCT m.agent_id)                             AS active_agents,
       b.daily_budget_eur,
       CASE WHEN b.daily_budget_eur > 0 THEN sum(m.cost_eur) / b.daily_budget_eur END AS budget_used
FROM oversight.agent_metrics_1h m
LEFT JOIN oversight.budgets b ON b.tenant_id = m.tenant_id AND b.agent_id = '*'
GROUP BY 1, m.tenant_id, b.daily_budget_eur;

-- "Today so far" (UTC day of the database clock): the Cost Center dashboard's queries.
CREATE VIEW oversight.agent_cost_today AS
SELECT * FROM oversight.agent_cost_daily WHERE day = (now() AT TIME ZONE 'UTC')::date;

CREATE VIEW oversight.tenant_cost_today AS
SELECT * FROM oversight.tenant_cost_daily WHERE day = (now() AT TIME ZONE 'UTC')::date;
