namespace QuotaLedger.Store.Tests.Support;

/// <summary>Tamper-evidence keys of the tests' own: a current one, and one it replaced that still verifies.</summary>
public static class TestKeys
{
    public const string CurrentId = "test-2026";
    public const string RotatedOutId = "test-2025";

    private static readonly string Current = Convert.ToBase64String("store-tests-current-key-32-bytes-long!!"u8.ToArray());
    private static readonly string RotatedOut = Convert.ToBase64String("store-tests-previous-key-32-bytes-long!"u8.ToArray());

    /// <summary>Signs with the current key and verifies with either.</summary>
    public static TamperEvidenceKeys Both => new(CurrentId, new Dictionary<string, string?> { [CurrentId] = Current, [RotatedOutId] = RotatedOut });

    /// <summary>The keys before the rotation: signs with the key now rotated out.</summary>
    public static TamperEvidenceKeys BeforeRotation => new(RotatedOutId, new Dictionary<string, string?> { [RotatedOutId] = RotatedOut });

    /// <summary>The current key alone: what a ledger that dropped the old key verifies with.</summary>
    public static TamperEvidenceKeys CurrentOnly => new(CurrentId, new Dictionary<string, string?> { [CurrentId] = Current });
}
