-- Pricing (issue 9, part 6): cache-write tokens and the LLM-call count behind the unpriced share.
--
-- Token convention (OpenTelemetry GenAI, see common/README.md): input_tokens counts all input tokens;
-- cached_input_tokens (cache reads) and cache_creation_input_tokens (cache writes) are parts of it, so
-- input_tokens - cached_input_tokens - cache_creation_input_tokens is the uncached input.
-- In the metrics tables input_tokens is that total even for events that counted Anthropic's way
-- (input = uncached part only); agent_events keeps the counts exactly as the agent sent them.

ALTER TABLE oversight.agent_events
    ADD COLUMN cache_creation_input_tokens bigint NOT NULL DEFAULT 0;   -- gen_ai.usage.cache_creation.input_tokens

ALTER TABLE oversight.agent_metrics_1m
    ADD COLUMN cache_creation_input_tokens bigint NOT NULL DEFAULT 0,
    ADD COLUMN llm_calls                   bigint NOT NULL DEFAULT 0;   -- LLM_CALL spans; unpriced_requests is a part of them

ALTER TABLE oversight.agent_metrics_1h
    ADD COLUMN cache_creation_input_tokens bigint NOT NULL DEFAULT 0,
    ADD COLUMN llm_calls                   bigint NOT NULL DEFAULT 0;

-- The daily views gain the two sums at the end (CREATE OR REPLACE may only append columns); the
-- "today" views select * and are fixed at creation, so they are replaced too.
CREATE OR REPLACE VIEW oversight.agent_cost_daily AS
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
       CASE WHEN b.daily_budget_eur > 0 THEN sum(m.cost_eur) / b.daily_budget_eur END AS budget_used,
       sum(m.cache_creation_input_tokens)                     AS cache_creation_input_tokens,
       sum(m.llm_calls)                                       AS llm_calls
FROM oversight.agent_metrics_1h m
LEFT JOIN oversight.budgets b ON b.tenant_id = m.tenant_id AND b.agent_id = m.agent_id
GROUP BY 1, m.tenant_id, m.agent_id, b.daily_budget_eur;

CREATE OR REPLACE VIEW oversight.agent_cost_today AS
SELECT * FROM oversight.agent_cost_daily WHERE day = (now() AT TIME ZONE 'UTC')::date;
