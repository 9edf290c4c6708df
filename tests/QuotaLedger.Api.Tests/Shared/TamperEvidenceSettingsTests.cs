using Microsoft.Extensions.Configuration;
using QuotaLedger.Api.Shared;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Store;

namespace QuotaLedger.Api.Tests.Shared;

/// <summary>The keys events and seals are signed with come from configuration, and only Development has one built in.</summary>
public sealed class TamperEvidenceSettingsTests
{
    private static readonly string Key32 = Convert.ToBase64String(new byte[32]);

    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();

    [Fact]
    public void Only_the_development_settings_hold_a_key()
    {
        IConfiguration File(string name) => new ConfigurationBuilder().AddJsonFile(RepositoryFiles.PathOf("src", "QuotaLedger.Api", name)).Build();

        Assert.Empty(File("appsettings.json").GetSection(TamperEvidenceSettings.Section).GetChildren());
        Assert.Equal("development", TamperEvidenceSettings.KeysFrom(File("appsettings.Development.json")).CurrentKeyId);
    }

    [Theory]
    [InlineData(null, null, "no current key id is set")]
    [InlineData("k1", null, "the current key 'k1' is not configured")]
    [InlineData("k1", "c2hvcnQ=", "the key 'k1' has 5 bytes; at least 32 are needed")]
    [InlineData("k1", "not base64!", "the key 'k1' (TamperEvidence:Keys:k1) is not base64")]
    public void Missing_or_malformed_keys_are_refused_with_what_to_set(string? currentKeyId, string? key, string problem)
    {
        var values = new List<(string, string)>();
        if (currentKeyId is not null) values.Add(("TamperEvidence:CurrentKeyId", currentKeyId));
        if (key is not null) values.Add(("TamperEvidence:Keys:k1", key));

        var e = Assert.Throws<InvalidTamperEvidenceKeysException>(() => TamperEvidenceSettings.KeysFrom(Settings([.. values])));

        Assert.Contains(problem, e.Message);
        Assert.Contains("TamperEvidence__CurrentKeyId=<id> and TamperEvidence__Keys__<id>", TamperEvidenceSettings.Explain(e));
    }

    [Fact]
    public void Keys_rotated_out_stay_configured_to_verify_what_they_signed()
    {
        var keys = TamperEvidenceSettings.KeysFrom(Settings(
            ("TamperEvidence:CurrentKeyId", "2026"), ("TamperEvidence:Keys:2026", Key32),
            ("TamperEvidence:Keys:2025", Convert.ToBase64String(Enumerable.Repeat((byte)7, 32).ToArray()))));
        var signed = keys.Sign("content"u8);

        Assert.Equal("2026", keys.CurrentKeyId);
        Assert.Equal(signed, keys.SignWith("2026", "content"u8));
        Assert.NotEqual(signed, keys.SignWith("2025", "content"u8));
        Assert.Null(keys.SignWith("2024", "content"u8));
    }
}
