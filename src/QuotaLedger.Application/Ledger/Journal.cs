using JasperFx.Events;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Shared;

namespace QuotaLedger.Application.Ledger;

/// <summary>A journal line as stored: which event changed which bucket of which lot, by how much.</summary>
public sealed record JournalLine(long Sequence, string Bucket, Guid LotId, string Holder, string Kind, Measures Change, DateTimeOffset Timestamp);

public static class Journal
{
    public static IReadOnlyList<JournalLine> LinesOf(IEnumerable<IEvent> events) =>
        events.Where(e => e.Data is LotEvent)
            .SelectMany(e =>
            {
                var lot = (LotEvent)e.Data;
                return lot.Entries().Select(entry => new JournalLine(e.Sequence, BucketName(entry.Bucket), lot.LotId, lot.Holder,
                    KindName(lot.Kind), entry.Change, e.Timestamp));
            })
            .ToArray();

    public static IEnumerable<(TKey Key, Measures Total)> Totals<TKey>(IEnumerable<JournalLine> lines, Func<JournalLine, TKey> key) =>
        lines.GroupBy(key).Select(g => (g.Key, Measures.Sum(g.Select(l => l.Change))));

    /// <summary>The journal's columns hold buckets and kinds as the API spells them.</summary>
    public static string BucketName(Bucket bucket) => SnakeCaseEnumConverter.NameOf(bucket);

    public static string KindName(QuotaKind kind) => SnakeCaseEnumConverter.NameOf(kind);

    private static readonly Dictionary<string, Bucket> Buckets = Enum.GetValues<Bucket>().ToDictionary(BucketName);

    private static readonly Dictionary<string, QuotaKind> Kinds = Enum.GetValues<QuotaKind>().ToDictionary(KindName);

    public static Bucket BucketNamed(string name) =>
        Buckets.TryGetValue(name, out var bucket) ? bucket : throw new InvalidDataException($"The journal holds an unknown bucket '{name}'.");

    public static QuotaKind KindNamed(string name) =>
        Kinds.TryGetValue(name, out var kind) ? kind : throw new InvalidDataException($"The journal holds an unknown kind '{name}'.");
}
