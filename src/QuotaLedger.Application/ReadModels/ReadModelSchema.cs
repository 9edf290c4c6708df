using QuotaLedger.EventStore;

namespace QuotaLedger.Application.ReadModels;

/// <summary>The read models' tables; numbered after the event store's own migrations.</summary>
public static class ReadModelSchema
{
    public static IEnumerable<Migration> All => EventStoreSchema.Migrations.Concat(Migrations);

    private static readonly Migration[] Migrations =
    [
        new(100, "read models", """
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
            """),
    ];
}
