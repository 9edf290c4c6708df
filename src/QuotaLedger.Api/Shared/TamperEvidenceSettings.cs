using QuotaLedger.Store;

namespace QuotaLedger.Api.Shared;

/// <summary>
/// The keys events and seals are signed with, from configuration: <c>TamperEvidence:CurrentKeyId</c> names the key new
/// signatures use, <c>TamperEvidence:Keys:&lt;id&gt;</c> holds each key (base64, at least 32 bytes), and keys rotated
/// out stay there to verify what they signed. Only <c>appsettings.Development.json</c> holds one (for Development);
/// elsewhere they come from the environment or a secret store, never from the database's host.
/// </summary>
public static class TamperEvidenceSettings
{
    public const string Section = "TamperEvidence";

    /// <exception cref="InvalidTamperEvidenceKeysException">No key is configured, or one is malformed.</exception>
    public static TamperEvidenceKeys KeysFrom(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        return new TamperEvidenceKeys(
            section["CurrentKeyId"],
            section.GetSection("Keys").GetChildren().ToDictionary(k => k.Key, k => k.Value, StringComparer.Ordinal));
    }

    /// <summary>What an operator reads when the keys are missing or malformed.</summary>
    public static string Explain(InvalidTamperEvidenceKeysException e) =>
        $"{e.Message} QuotaLedger signs every event and seal with a key the database does not hold: set " +
        $"{Section}__CurrentKeyId=<id> and {Section}__Keys__<id>=<base64 of at least {TamperEvidenceKeys.MinimumKeyBytes} random bytes> " +
        "(e.g. `openssl rand -base64 32`), and keep every older key configured to verify what it signed. " +
        "Only the Development environment has one (appsettings.Development.json).";
}
