using System.Security.Cryptography;
using System.Text;

namespace QuotaLedger.Domain.Shared;

public static class StreamIds
{
    /// <summary>A stable stream id for a stream named by a natural key (name-based, RFC 9562 version 8).</summary>
    public static Guid Derived(string streamKind, string key)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{streamKind}:{key}"), hash);
        var bytes = hash[..16].ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
