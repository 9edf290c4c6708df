-- The schema QuotaLedger's own event store built (its migrations 1, 2, 3 and 100, as of commit d9b4854), for the
-- tests of import-legacy-store. Kept verbatim: it is what databases made before Marten hold.
CREATE TABLE ql_schema_migrations (id int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());

CREATE TABLE ql_streams (
    id          uuid PRIMARY KEY,
    type        text NOT NULL,
    version     bigint NOT NULL CHECK (version >= 0),
    created     timestamptz NOT NULL,
    timestamp   timestamptz NOT NULL,
    is_archived boolean NOT NULL DEFAULT false);

CREATE SEQUENCE ql_events_seq;
CREATE TABLE ql_events (
    seq_id         bigint PRIMARY KEY DEFAULT nextval('ql_events_seq'),
    id             uuid NOT NULL UNIQUE,
    stream_id      uuid NOT NULL REFERENCES ql_streams (id),
    version        bigint NOT NULL,
    type           text NOT NULL,
    data           jsonb NOT NULL,
    timestamp      timestamptz NOT NULL,
    correlation_id uuid NOT NULL,
    causation_id   uuid,
    actor          text NOT NULL,
    organisation   text NOT NULL,
    reason         text,
    is_archived    boolean NOT NULL DEFAULT false,
    CONSTRAINT ql_events_stream_version UNIQUE (stream_id, version));
ALTER SEQUENCE ql_events_seq OWNED BY ql_events.seq_id;
CREATE INDEX ql_events_timestamp ON ql_events (timestamp);

CREATE TABLE ql_progress (
    name         text PRIMARY KEY,
    last_seq_id  bigint NOT NULL,
    last_updated timestamptz NOT NULL DEFAULT now());

-- History is never edited (R11): the database itself refuses to change or remove an event.
CREATE FUNCTION ql_events_are_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'events are immutable' USING ERRCODE = 'restrict_violation'; END $$;
CREATE TRIGGER ql_events_immutable BEFORE UPDATE OR DELETE ON ql_events
    FOR EACH ROW EXECUTE FUNCTION ql_events_are_immutable();

CREATE TRIGGER ql_events_not_truncated BEFORE TRUNCATE ON ql_events
    FOR EACH STATEMENT EXECUTE FUNCTION ql_events_are_immutable();

ALTER TABLE ql_events ADD COLUMN hash bytea;

-- The canonical content of an event: a JSON array, so that no two different contents serialise alike.
-- The timestamp is taken in microseconds since the epoch, independent of the session's time zone.
CREATE FUNCTION ql_event_hash(previous bytea, e ql_events) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
    SELECT sha256(coalesce(previous, ''::bytea) || convert_to(jsonb_build_array(
        e.stream_id, e.version, e.type, e.data, (extract(epoch FROM e.timestamp) * 1000000)::bigint,
        e.correlation_id, e.causation_id, e.actor, e.organisation, e.reason)::text, 'UTF8'))
$$;

-- Events recorded before this migration are chained once, in stream order.
ALTER TABLE ql_events DISABLE TRIGGER ql_events_immutable;
DO $$
DECLARE r ql_events; previous bytea; current_stream uuid;
BEGIN
    FOR r IN SELECT * FROM ql_events ORDER BY stream_id, version LOOP
        IF current_stream IS DISTINCT FROM r.stream_id THEN previous := NULL; current_stream := r.stream_id; END IF;
        previous := ql_event_hash(previous, r);
        UPDATE ql_events SET hash = previous WHERE seq_id = r.seq_id;
    END LOOP;
END $$;
ALTER TABLE ql_events ENABLE TRIGGER ql_events_immutable;
ALTER TABLE ql_events ALTER COLUMN hash SET NOT NULL;

-- Rows inserted earlier by the same statement are visible here, so one append of several events chains them.
CREATE FUNCTION ql_events_chain() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.hash := ql_event_hash(
        (SELECT hash FROM ql_events WHERE stream_id = NEW.stream_id AND version = NEW.version - 1), NEW);
    RETURN NEW;
END $$;
CREATE TRIGGER ql_events_hash BEFORE INSERT ON ql_events FOR EACH ROW EXECUTE FUNCTION ql_events_chain();

CREATE TABLE ql_seals (
    block         bigint PRIMARY KEY,
    from_seq      bigint NOT NULL,
    to_seq        bigint NOT NULL,
    event_count   bigint NOT NULL,
    events_hash   bytea NOT NULL,
    previous_hash bytea,
    hash          bytea NOT NULL,
    sealed_at     timestamptz NOT NULL DEFAULT now(),
    CHECK (from_seq <= to_seq));

CREATE FUNCTION ql_seal_hash(previous bytea, block bigint, from_seq bigint, to_seq bigint, events_hash bytea)
    RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
    SELECT sha256(coalesce(previous, ''::bytea) || int8send(block) || int8send(from_seq) || int8send(to_seq) || events_hash)
$$;

-- The hash of the events of a block: their own hashes in global order.
CREATE FUNCTION ql_events_hash(from_seq bigint, to_seq bigint) RETURNS bytea LANGUAGE sql STABLE AS $$
    SELECT sha256(coalesce(string_agg(hash, ''::bytea ORDER BY seq_id), ''::bytea))
    FROM ql_events WHERE seq_id BETWEEN from_seq AND to_seq
$$;

CREATE TABLE ql_documents (
    id          uuid PRIMARY KEY,
    type        text NOT NULL,
    version     bigint NOT NULL,
    data        jsonb NOT NULL,
    scope       text[] NOT NULL,
    created_seq bigint NOT NULL,
    updated_seq bigint NOT NULL);
CREATE INDEX ql_documents_type_seq ON ql_documents (type, created_seq DESC);
CREATE INDEX ql_documents_scope ON ql_documents USING gin (scope);

-- The lots a command may draw on, with what each has available; never negative, whatever the code does.
CREATE TABLE ql_lots (
    id              uuid PRIMARY KEY,
    holder          text NOT NULL,
    kind            text NOT NULL,
    origin_county   text NOT NULL,
    created_seq     bigint NOT NULL,
    available_area  numeric(22,4) NOT NULL CHECK (available_area >= 0),
    available_grain numeric(22,2) NOT NULL CHECK (available_grain >= 0),
    available_paddy numeric(22,4) NOT NULL CHECK (available_paddy >= 0));
CREATE INDEX ql_lots_holder ON ql_lots (holder, kind, created_seq);

-- The ledger journal: one line per bucket a lot event changed. Balances at any moment are its sums.
CREATE TABLE ql_journal (
    seq_id     bigint NOT NULL,
    bucket     text NOT NULL,
    lot_id     uuid NOT NULL,
    holder     text NOT NULL,
    kind       text NOT NULL,
    area       numeric(22,4) NOT NULL,
    grain      numeric(22,2) NOT NULL,
    paddy      numeric(22,4) NOT NULL,
    timestamp  timestamptz NOT NULL,
    PRIMARY KEY (seq_id, bucket));
CREATE INDEX ql_journal_holder_time ON ql_journal (holder, timestamp, seq_id);

CREATE TABLE ql_balances (
    holder text NOT NULL,
    kind   text NOT NULL,
    bucket text NOT NULL,
    area   numeric(22,4) NOT NULL,
    grain  numeric(22,2) NOT NULL,
    paddy  numeric(22,4) NOT NULL,
    PRIMARY KEY (holder, kind, bucket),
    CHECK (bucket NOT IN ('available', 'frozen', 'reserved') OR (area >= 0 AND grain >= 0 AND paddy >= 0)));

-- Built asynchronously behind the high-water mark: region-wide totals per kind and bucket.
CREATE TABLE ql_ledger_totals (
    kind   text NOT NULL,
    bucket text NOT NULL,
    area   numeric(22,4) NOT NULL,
    grain  numeric(22,2) NOT NULL,
    paddy  numeric(22,4) NOT NULL,
    PRIMARY KEY (kind, bucket));

CREATE TABLE ql_idempotency (
    principal    text NOT NULL,
    key          text NOT NULL,
    request_hash text NOT NULL,
    response     jsonb,
    created      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (principal, key));
INSERT INTO ql_schema_migrations (id, name) VALUES (1, 'event store'), (2, 'events cannot be truncated'), (3, 'tamper evidence'), (100, 'read models');
