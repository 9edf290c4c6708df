using System.Security.Cryptography;
using System.Text;

namespace QuotaLedger.Domain.Oversight.Inspections;

/// <summary>
/// F-2023 §十四: the annual imagery check verifies at least a share of its suspect projects on site. The sample is drawn
/// by the service, reproducibly: the seed is recorded with the sample, and the same seed and suspects give the same
/// sample on any machine and any .NET version, so anyone can redraw it from the record.
/// </summary>
public static class FieldSampling
{
    /// <summary>At least <paramref name="percent"/>% of <paramref name="suspects"/>, rounded up (7 at 15% is 2; 1 is 1; 0 is 0).</summary>
    public static int SizeOf(int suspects, decimal percent) => (int)Math.Ceiling(percent * suspects / 100m);

    /// <summary>
    /// The sample: the suspects ordered by SHA-256 of the UTF-8 text <c>"{seed}:{projectId}"</c> (the seed in invariant
    /// decimal digits, the id in its 36-character lower-case form), as unsigned bytes compared in order, and the first
    /// <see cref="SizeOf"/> taken. The order of <paramref name="suspects"/> does not matter; no pseudo-random generator
    /// whose sequence a runtime could change is involved (System.Random's seeded sequence is not specified to be stable).
    /// </summary>
    public static IReadOnlyList<Guid> Draw(IEnumerable<Guid> suspects, decimal percent, long seed)
    {
        var distinct = suspects.Distinct().ToArray();
        return distinct
            .Select(id => (Id: id, Key: KeyOf(seed, id)))
            .OrderBy(s => s.Key, KeyComparer.Instance)
            .ThenBy(s => s.Id)
            .Take(SizeOf(distinct.Length, percent))
            .Select(s => s.Id)
            .ToArray();
    }

    public static byte[] KeyOf(long seed, Guid projectId) =>
        SHA256.HashData(Encoding.UTF8.GetBytes(FormattableString.Invariant($"{seed}:{projectId:D}")));

    private sealed class KeyComparer : IComparer<byte[]>
    {
        public static readonly KeyComparer Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
