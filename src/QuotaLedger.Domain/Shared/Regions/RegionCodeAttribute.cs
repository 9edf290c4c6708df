namespace QuotaLedger.Domain.Shared.Regions;

/// <summary>
/// The member holds the code of one of the region's holders (R2), or of a buyer where the member may hold either: whoever
/// shows it to people shows the region's name beside it, from <see cref="RegionCatalog"/>, so the name is never kept
/// with the code.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class RegionCodeAttribute : Attribute;
