using System.Buffers.Binary;
using System.Security.Cryptography;
using Npgsql;

namespace QuotaLedger.Store;

/// <summary>
/// A sealed block of <c>ql_seals</c>: the events from <see cref="FromSeq"/> to <see cref="ToSeq"/>, the digest of their
/// MACs (<c>ql_events_digest</c>), chained to the block before it by that block's signature, and signed by the sealer
/// with the key <see cref="KeyId"/>.
/// </summary>
public sealed record Seal(
    long Block, long FromSeq, long ToSeq, long EventCount, byte[] EventsDigest, byte[]? PreviousSignature, string KeyId,
    byte[] Signature, DateTimeOffset SealedAt)
{
    /// <summary>The bytes a seal's signature is computed over: every column but the key id and the signature itself.</summary>
    public static byte[] Content(
        long block, long fromSeq, long toSeq, long eventCount, byte[] eventsDigest, byte[]? previousSignature, DateTimeOffset sealedAt)
    {
        var previous = previousSignature ?? [];
        var content = new byte[5 * sizeof(long) + 2 * sizeof(int) + eventsDigest.Length + previous.Length];
        var span = content.AsSpan();
        foreach (var value in new[] { block, fromSeq, toSeq, eventCount, CanonicalEvent.Micros(sealedAt) })
        {
            BinaryPrimitives.WriteInt64BigEndian(span, value);
            span = span[sizeof(long)..];
        }
        foreach (var part in new[] { eventsDigest, previous })
        {
            BinaryPrimitives.WriteInt32BigEndian(span, part.Length);
            part.CopyTo(span[sizeof(int)..]);
            span = span[(sizeof(int) + part.Length)..];
        }
        return content;
    }

    public byte[] Content() => Content(Block, FromSeq, ToSeq, EventCount, EventsDigest, PreviousSignature, SealedAt);

    /// <summary>Whether the seal's signature is the one its key gives its content (compared in constant time).</summary>
    public bool IsSignedUnder(TamperEvidenceKeys keys) =>
        keys.SignWith(KeyId, Content()) is { } expected && CryptographicOperations.FixedTimeEquals(expected, Signature);

    /// <summary>Every seal, in block order.</summary>
    public static async Task<List<Seal>> ReadAllAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, CancellationToken ct) =>
        await ReadAsync(connection, tx, "ORDER BY block", ct);

    /// <summary>The last seal; null when nothing is sealed yet.</summary>
    public static async Task<Seal?> LatestAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return (await ReadAsync(connection, null, "ORDER BY block DESC LIMIT 1", ct)).SingleOrDefault();
    }

    /// <summary>
    /// The blocks that cover any of <paramref name="sequences"/>, each with the block before it (whose signature it must
    /// carry), in block order.
    /// </summary>
    public static async Task<List<Seal>> CoveringAsync(
        NpgsqlConnection connection, NpgsqlTransaction? tx, long[] sequences, CancellationToken ct) =>
        await ReadAsync(connection, tx, $"""
            WHERE block IN (SELECT b FROM {MartenSetup.Schema}.ql_seals s CROSS JOIN LATERAL (VALUES (s.block), (s.block - 1)) v(b)
                            WHERE EXISTS (SELECT 1 FROM unnest($1::bigint[]) q WHERE q BETWEEN s.from_seq AND s.to_seq))
            ORDER BY block
            """, ct, sequences);

    private static async Task<List<Seal>> ReadAsync(
        NpgsqlConnection connection, NpgsqlTransaction? tx, string condition, CancellationToken ct, params object[] parameters)
    {
        await using var cmd = new NpgsqlCommand($"""
            SELECT block, from_seq, to_seq, event_count, events_digest, previous_signature, key_id, signature, sealed_at
            FROM {MartenSetup.Schema}.ql_seals {condition}
            """, connection, tx);
        foreach (var p in parameters) cmd.Parameters.AddWithValue(p);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var seals = new List<Seal>();
        while (await reader.ReadAsync(ct))
            seals.Add(new Seal(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3),
                reader.GetFieldValue<byte[]>(4), reader.IsDBNull(5) ? null : reader.GetFieldValue<byte[]>(5), reader.GetString(6),
                reader.GetFieldValue<byte[]>(7), reader.GetFieldValue<DateTimeOffset>(8)));
        return seals;
    }
}
