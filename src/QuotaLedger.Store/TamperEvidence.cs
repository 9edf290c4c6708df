using Weasel.Core;
using Weasel.Core.Migrations;
using Weasel.Postgresql.Tables;

namespace QuotaLedger.Store;

/// <summary>
/// Makes changes to recorded history detectable, and refuses them where the database can. Each event gets a hash over
/// its content and the hash of the previous event of its stream (set by the database as the event is inserted, so no
/// append waits on anything global), kept in <c>ql_event_hashes</c> because Marten owns the columns of
/// <c>mt_events</c>, and a MAC under a key the database does not hold (<see cref="EventMacs"/>, in
/// <c>ql_event_macs</c>). Behind the daemon's high-water mark, <see cref="Sealer"/> chains signed blocks of committed
/// events in global order. The <see cref="LedgerVerifier"/> recomputes all of it and names what was altered, removed
/// or added.
/// </summary>
/// <remarks>
/// One Marten feature holds every object, so that Marten's own migration creates them after the event tables (the
/// triggers need <c>mt_events</c>) and never drops them. Functions and triggers are raw SQL behind a version probe:
/// Weasel's function objects are dropped with CASCADE and re-created on every migration, which would remove the
/// triggers on <c>mt_events</c> with them.
/// </remarks>
public sealed class TamperEvidence : FeatureSchemaBase
{
    public TamperEvidence(Migrator migrator) : base("TamperEvidence", migrator) { }

    protected override IEnumerable<ISchemaObject> schemaObjects()
    {
        var hashes = new Table(MartenSetup.ObjectName("ql_event_hashes"));
        hashes.AddColumn<long>("seq_id").AsPrimaryKey();
        hashes.AddColumn("hash", "bytea").NotNull();
        yield return hashes;

        var macs = new Table(MartenSetup.ObjectName("ql_event_macs"));
        macs.AddColumn<long>("seq_id").AsPrimaryKey();
        macs.AddColumn("key_id", "text").NotNull();
        macs.AddColumn("mac", "bytea").NotNull();
        yield return macs;

        var seals = new Table(MartenSetup.ObjectName("ql_seals"));
        seals.AddColumn<long>("block").AsPrimaryKey();
        seals.AddColumn<long>("from_seq").NotNull();
        seals.AddColumn<long>("to_seq").NotNull();
        seals.AddColumn<long>("event_count").NotNull();
        seals.AddColumn("events_digest", "bytea").NotNull();
        seals.AddColumn("previous_signature", "bytea");
        seals.AddColumn("key_id", "text").NotNull();
        seals.AddColumn("signature", "bytea").NotNull();
        seals.AddColumn("sealed_at", "timestamp with time zone").NotNull();
        yield return seals;

        yield return new SqlObjects("ql_tamper_evidence", Version, FunctionsAndTriggers);
    }

    /// <summary>Raised whenever <see cref="FunctionsAndTriggers"/> changes, so that existing databases get the new text.</summary>
    private const int Version = 3;

    /// <summary>Triggers that refuse to change, remove or truncate the rows of <paramref name="table"/>.</summary>
    private static string Immutable(string name, string table) => $"""
        DROP TRIGGER IF EXISTS {name}_immutable ON public.{table};
        CREATE TRIGGER {name}_immutable BEFORE UPDATE OR DELETE ON public.{table}
            FOR EACH ROW EXECUTE FUNCTION public.ql_events_are_immutable();
        DROP TRIGGER IF EXISTS {name}_not_truncated ON public.{table};
        CREATE TRIGGER {name}_not_truncated BEFORE TRUNCATE ON public.{table}
            FOR EACH STATEMENT EXECUTE FUNCTION public.ql_events_are_immutable();
        """;

    private static readonly string FunctionsAndTriggers = $$"""
        -- History is never edited (R11): the database itself refuses to change or remove an event, its MAC or a seal.
        CREATE OR REPLACE FUNCTION public.ql_events_are_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'events are immutable' USING ERRCODE = 'restrict_violation'; END $$;
        {{Immutable("ql_events", "mt_events")}}
        {{Immutable("ql_event_macs", "ql_event_macs")}}
        {{Immutable("ql_seals", "ql_seals")}}

        -- The canonical content of an event: a JSON array, so that no two different contents serialise alike.
        -- The timestamp is taken in microseconds since the epoch, independent of the session's time zone; Marten's
        -- tombstones carry none (-infinity), which the array keeps as text.
        CREATE OR REPLACE FUNCTION public.ql_event_hash(previous bytea, e public.mt_events) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
            SELECT sha256(coalesce(previous, ''::bytea) || convert_to(jsonb_build_array(
                e.stream_id, e.version, e.type, e.data,
                CASE WHEN isfinite(e.timestamp) THEN to_jsonb((extract(epoch FROM e.timestamp) * 1000000)::bigint)
                     ELSE to_jsonb(e.timestamp::text) END,
                e.correlation_id, e.causation_id, e.user_name, e.headers)::text, 'UTF8'))
        $$;

        -- An event of the same statement inserted earlier is visible here, so one append of several events chains them.
        CREATE OR REPLACE FUNCTION public.ql_events_chain() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO public.ql_event_hashes (seq_id, hash)
            VALUES (NEW.seq_id, public.ql_event_hash(
                (SELECT h.hash FROM public.mt_events e JOIN public.ql_event_hashes h ON h.seq_id = e.seq_id
                 WHERE e.stream_id = NEW.stream_id AND e.version = NEW.version - 1), NEW));
            RETURN NULL;
        END $$;
        DROP TRIGGER IF EXISTS ql_events_hash ON public.mt_events;
        CREATE TRIGGER ql_events_hash AFTER INSERT ON public.mt_events FOR EACH ROW EXECUTE FUNCTION public.ql_events_chain();

        -- What a seal signs for its events: each event's sequence number and MAC (none for Marten's tombstones), in
        -- global order, each MAC prefixed by its length so that no two lists read alike.
        CREATE OR REPLACE FUNCTION public.ql_events_digest(from_seq bigint, to_seq bigint) RETURNS bytea LANGUAGE sql STABLE AS $$
            SELECT sha256(coalesce(string_agg(int8send(e.seq_id) || int4send(coalesce(length(m.mac), 0)) || coalesce(m.mac, ''::bytea),
                                              ''::bytea ORDER BY e.seq_id), ''::bytea))
            FROM public.mt_events e LEFT JOIN public.ql_event_macs m ON m.seq_id = e.seq_id
            WHERE e.seq_id BETWEEN from_seq AND to_seq
        $$;
        DROP FUNCTION IF EXISTS public.ql_seal_hash(bytea, bigint, bigint, bigint, bytea);
        DROP FUNCTION IF EXISTS public.ql_events_hash(bigint, bigint);
        """;
}
