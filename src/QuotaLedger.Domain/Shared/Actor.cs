namespace QuotaLedger.Domain.Shared;

public enum Role
{
    Centre,
    Prefecture,
    County,
    Buyer,
}

/// <summary>The authenticated user: who, in which role, for which organisation (a region code or a buyer id).</summary>
public sealed record Actor(string UserId, Role Role, string Organisation);
