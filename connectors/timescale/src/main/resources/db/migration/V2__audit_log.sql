-- audit_log: append-only, SHA-256 hash-chained record of who did what (DESIGN §5).
--
-- Append-only: triggers refuse UPDATE, DELETE and TRUNCATE. Only a superuser/owner who
-- deliberately disables the triggers can change a row, and the hash chain then shows it.
--
-- Hash chain. Each row's hash is
--     hash = lower-hex( SHA-256( UTF-8( canonical content ) ) )
-- where the canonical content is the concatenation of seven netstrings
--     netstring(x) = <decimal byte length of UTF-8(x)> ':' x ','
-- of, in this order:
--     1. prev_hash  hash of the row with seq - 1; 64 x '0' for the first row (seq = 1)
--     2. seq        decimal, no sign, no leading zeros
--     3. at         UTC, 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"' (always 6 fraction digits)
--     4. actor
--     5. action
--     6. resource
--     7. details    the jsonb's canonical text form (details::text: keys sorted, ', ' and ': ')
-- Example: seq 1 -> '64:0000...0000,1:1,27:2026-01-02T03:04:05.000006Z,5:alice,...'.
-- AuditChainVerifier (Java) recomputes exactly this.
--
-- seq and at are assigned by the trigger, not by the caller, while it holds the row lock on
-- the one-row chain head: so seq order = chain order = commit order even with many concurrent
-- writers, seq has no gaps (a rolled-back insert also rolls back the head), and no one can
-- back-date an entry. Concurrent appends queue on that lock for the length of their
-- transactions: keep audit transactions short.

CREATE TABLE oversight.audit_log (
    seq        bigint      NOT NULL,
    at         timestamptz NOT NULL,
    actor      text        NOT NULL,
    action     text        NOT NULL,
    resource   text        NOT NULL,
    details    jsonb       NOT NULL DEFAULT '{}'::jsonb,
    prev_hash  text        NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
    hash       text        NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
    CONSTRAINT audit_log_pk PRIMARY KEY (seq)
);
CREATE INDEX audit_log_at_idx ON oversight.audit_log (at);
CREATE INDEX audit_log_resource_idx ON oversight.audit_log (resource, seq);

-- The end of the chain. Exactly one row (id = true); its row lock serialises appends.
CREATE TABLE oversight.audit_chain_head (
    id         boolean     NOT NULL DEFAULT true PRIMARY KEY CHECK (id),
    last_seq   bigint      NOT NULL,
    last_hash  text        NOT NULL
);
INSERT INTO oversight.audit_chain_head (id, last_seq, last_hash) VALUES (true, 0, repeat('0', 64));

CREATE FUNCTION oversight.audit_netstring(value text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT octet_length(value)::text || ':' || value || ',' $$;

-- The canonical content of one row (see the header); the single definition used by the trigger.
CREATE FUNCTION oversight.audit_canonical_content(prev_hash text, seq bigint, at timestamptz,
        actor text, action text, resource text, details jsonb) RETURNS text
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
AS $$
    SELECT oversight.audit_netstring(prev_hash)
        || oversight.audit_netstring(seq::text)
        || oversight.audit_netstring(to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
        || oversight.audit_netstring(actor)
        || oversight.audit_netstring(action)
        || oversight.audit_netstring(resource)
        || oversight.audit_netstring(details::text)
$$;

CREATE FUNCTION oversight.audit_log_chain() RETURNS trigger
    LANGUAGE plpgsql
AS $$
DECLARE
    head oversight.audit_chain_head%ROWTYPE;
BEGIN
    IF NEW.actor IS NULL OR NEW.action IS NULL OR NEW.resource IS NULL THEN
        RAISE EXCEPTION 'audit_log entry needs actor, action and resource (got actor=%, action=%, resource=%)',
            NEW.actor, NEW.action, NEW.resource USING ERRCODE = 'not_null_violation';
    END IF;
    SELECT * INTO head FROM oversight.audit_chain_head WHERE id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'audit_log chain head is missing'
            USING HINT = 'oversight.audit_chain_head must hold exactly one row; restore it from the last audit_log row (seq, hash).';
    END IF;
    NEW.seq       := head.last_seq + 1;
    NEW.at        := clock_timestamp();     -- after the lock: at never decreases along seq
    NEW.details   := coalesce(NEW.details, '{}'::jsonb);
    NEW.prev_hash := head.last_hash;
    NEW.hash      := encode(sha256(convert_to(oversight.audit_canonical_content(
                         NEW.prev_hash, NEW.seq, NEW.at, NEW.actor, NEW.action, NEW.resource, NEW.details),
                         'UTF8')), 'hex');
    UPDATE oversight.audit_chain_head SET last_seq = NEW.seq, last_hash = NEW.hash WHERE id;
    RETURN NEW;
END
$$;

CREATE FUNCTION oversight.audit_log_refuse_change() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    RAISE EXCEPTION 'oversight.% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'Audit entries cannot be changed or removed; append a correcting entry with AuditLog.append instead.';
END
$$;

CREATE TRIGGER audit_log_chain
    BEFORE INSERT ON oversight.audit_log
    FOR EACH ROW EXECUTE FUNCTION oversight.audit_log_chain();

CREATE TRIGGER audit_log_refuse_update_delete
    BEFORE UPDATE OR DELETE ON oversight.audit_log
    FOR EACH ROW EXECUTE FUNCTION oversight.audit_log_refuse_change();

CREATE TRIGGER audit_log_refuse_truncate
    BEFORE TRUNCATE ON oversight.audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION oversight.audit_log_refuse_change();

-- The chain head may only move forward through the INSERT trigger.
CREATE FUNCTION oversight.audit_chain_head_guard() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    IF TG_OP <> 'UPDATE' OR NEW.last_seq <> OLD.last_seq + 1 THEN
        RAISE EXCEPTION 'oversight.audit_chain_head only moves forward with each audit_log insert: % refused', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER audit_chain_head_guard
    BEFORE UPDATE OR DELETE ON oversight.audit_chain_head
    FOR EACH ROW EXECUTE FUNCTION oversight.audit_chain_head_guard();

CREATE TRIGGER audit_chain_head_refuse_truncate
    BEFORE TRUNCATE ON oversight.audit_chain_head
    FOR EACH STATEMENT EXECUTE FUNCTION oversight.audit_log_refuse_change();

COMMENT ON TABLE oversight.audit_log IS
    'Append-only (UPDATE/DELETE/TRUNCATE refused by trigger). hash = hex(sha256(netstrings of prev_hash, seq, at (UTC, microseconds), actor, action, resource, details::text)); see V2__audit_log.sql.';
