namespace QuotaLedger.Domain.Shared.Regions;

public enum RegionLevel
{
    Region,
    Prefecture,
    County,
}

/// <summary>An administrative division that holds quota (R2), with its GB/T 2260 code.</summary>
public sealed record Region(string Code, string Name, string? ParentCode, RegionLevel Level);
