using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace QuotaLedger.Store;

/// <summary>
/// The secret keys the service signs events and seals with (HMAC-SHA256), each under an id recorded beside what it
/// signed, so that keys can rotate: new signatures use <see cref="CurrentKeyId"/>, and older keys stay configured to
/// verify what they signed. The database never holds a key, so that whoever can write to it cannot forge a signature.
/// </summary>
public sealed partial class TamperEvidenceKeys
{
    /// <summary>The key length HMAC-SHA256 needs for full strength: its block of output.</summary>
    public const int MinimumKeyBytes = 32;

    private readonly IReadOnlyDictionary<string, byte[]> keys;

    /// <exception cref="InvalidTamperEvidenceKeysException">The current key is missing, or a key or id is malformed.</exception>
    public TamperEvidenceKeys(string? currentKeyId, IReadOnlyDictionary<string, string?> base64Keys)
    {
        if (string.IsNullOrWhiteSpace(currentKeyId))
            throw new InvalidTamperEvidenceKeysException("no current key id is set (TamperEvidence:CurrentKeyId)");
        var decoded = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (id, base64) in base64Keys)
        {
            if (!KeyId().IsMatch(id))
                throw new InvalidTamperEvidenceKeysException($"the key id '{id}' is not 1 to 64 letters, digits, '.', '_' or '-'");
            var key = new byte[((base64?.Length ?? 0) * 3 + 3) / 4];
            if (base64 is null || !Convert.TryFromBase64String(base64, key, out var length))
                throw new InvalidTamperEvidenceKeysException($"the key '{id}' (TamperEvidence:Keys:{id}) is not base64");
            if (length < MinimumKeyBytes)
                throw new InvalidTamperEvidenceKeysException(
                    $"the key '{id}' has {length} bytes; at least {MinimumKeyBytes} are needed (e.g. `openssl rand -base64 32`)");
            decoded[id] = key[..length];
        }
        if (!decoded.ContainsKey(currentKeyId))
            throw new InvalidTamperEvidenceKeysException(
                $"the current key '{currentKeyId}' is not configured (TamperEvidence:Keys:{currentKeyId})");
        CurrentKeyId = currentKeyId;
        keys = decoded;
    }

    /// <summary>A key of its own for work that signs nothing that is kept (e.g. writing the schema script).</summary>
    public static TamperEvidenceKeys Throwaway() =>
        new("throwaway", new Dictionary<string, string?> { ["throwaway"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(MinimumKeyBytes)) });

    public string CurrentKeyId { get; }

    /// <summary>The MAC of <paramref name="content"/> under the current key.</summary>
    public byte[] Sign(ReadOnlySpan<byte> content) => HMACSHA256.HashData(keys[CurrentKeyId], content);

    public bool Knows(string keyId) => keys.ContainsKey(keyId);

    /// <summary>The MAC of <paramref name="content"/> under the key <paramref name="keyId"/>; null when no such key is configured.</summary>
    public byte[]? SignWith(string keyId, ReadOnlySpan<byte> content) =>
        keys.TryGetValue(keyId, out var key) ? HMACSHA256.HashData(key, content) : null;

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex KeyId();
}

/// <summary>The tamper-evidence keys are missing or malformed: the service cannot sign what it records.</summary>
public sealed class InvalidTamperEvidenceKeysException(string problem) : Exception($"Tamper-evidence keys: {problem}.");
