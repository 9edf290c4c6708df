using System.Text.Json.Serialization;
using Npgsql;
using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Shared;

namespace QuotaLedger.Application.Ledger.Holders;

/// <summary>
/// Where a holder's (or the whole region's) quota of one kind stands, bucket by bucket, with what it holds:
/// available + frozen + reserved.
/// </summary>
/// <remarks>
/// Each bucket's member is named as the bucket is spelt everywhere else, a lot's buckets and a history line's bucket
/// (<c>transferred_out</c>), so that a client finds one under the same name in all three; <c>held</c> is no bucket.
/// </remarks>
public sealed record BucketTotals(
    Measures Issued,
    Measures Received,
    Measures Available,
    Measures Frozen,
    Measures Reserved,
    Measures Consumed,
    Measures Deducted,
    Measures Sold,
    [property: JsonPropertyName("transferred_out")] Measures TransferredOut)
{
    public Measures Held => Available + Frozen + Reserved;

    /// <summary>What came in: issued by storage approval or received from another holder.</summary>
    [JsonIgnore]
    public Measures In => Issued + Received;

    /// <summary>Where it is now: held, or gone out by consumption, deduction, sale or transfer.</summary>
    [JsonIgnore]
    public Measures Out => Held + Consumed + Deducted + Sold + TransferredOut;

    public static BucketTotals From(IReadOnlyDictionary<string, Measures> byBucket)
    {
        Measures Of(Bucket bucket) => byBucket.GetValueOrDefault(Journal.BucketName(bucket));
        return new BucketTotals(Of(Bucket.Issued), Of(Bucket.Received), Of(Bucket.Available), Of(Bucket.Frozen), Of(Bucket.Reserved),
            Of(Bucket.Consumed), Of(Bucket.Deducted), Of(Bucket.Sold), Of(Bucket.TransferredOut));
    }
}

/// <summary>Reads rows of (kind, bucket, area, grain, paddy) into totals per kind; every kind appears, zero when unused.</summary>
public static class BucketRows
{
    public static async Task<IReadOnlyDictionary<QuotaKind, BucketTotals>> ReadAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        var rows = new Dictionary<string, Dictionary<string, Measures>>();
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
            {
                var kind = reader.GetString(0);
                if (!rows.TryGetValue(kind, out var buckets)) rows[kind] = buckets = [];
                buckets[reader.GetString(1)] = new Measures(
                    Normalize(reader.GetDecimal(2)), Normalize(reader.GetDecimal(3)), Normalize(reader.GetDecimal(4)));
            }
        return Enum.GetValues<QuotaKind>().ToDictionary(k => k,
            k => BucketTotals.From(rows.GetValueOrDefault(Journal.KindName(k)) ?? new Dictionary<string, Measures>()));
    }

    /// <summary>Drops the trailing zeros a numeric column carries (100.0000 → 100); the value is unchanged.</summary>
    public static decimal Normalize(decimal value) => value / 1.000000000000000000000000000000000m;
}
