using System.Text.Json;
using System.Text.Json.Serialization;

namespace QuotaLedger.Store;

/// <summary>
/// The latest signed seal, small enough to be kept outside the database (the centre's archive, a published notice): a
/// later <c>verify --against</c> finds any history removed or rewritten before it, even by someone who could rewrite
/// the whole database.
/// </summary>
public sealed record SealReceipt(long Block, long FromSeq, long ToSeq, long EventCount, string KeyId, string Signature, DateTimeOffset SealedAt)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // A receipt is read by people and kept in files, never embedded in HTML: '+' in a signature stays '+'.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectRequiredConstructorParameters = true,
    };

    public static SealReceipt Of(Seal seal) => new(
        seal.Block, seal.FromSeq, seal.ToSeq, seal.EventCount, seal.KeyId, Convert.ToBase64String(seal.Signature), seal.SealedAt);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <exception cref="JsonException">The text is not a receipt.</exception>
    public static SealReceipt Parse(string json) =>
        JsonSerializer.Deserialize<SealReceipt>(json, Json) ?? throw new JsonException("The receipt is empty (null).");

    /// <summary>Whether <paramref name="seal"/> is the block this receipt was given for.</summary>
    public bool Matches(Seal seal) => Equals(Of(seal));
}
