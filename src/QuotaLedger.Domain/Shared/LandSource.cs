namespace QuotaLedger.Domain.Shared;

/// <summary>Where the land of a project comes from. The last six may never create replenishment quota (R3).</summary>
public enum LandSource
{
    UnusedLand,
    ConstructionLandReclamation,
    MineWastelandReclamation,
    FarmlandConsolidation,
    RuralHomesteadReclamation,
    SeverelyDesertifiedLand,
    IllegallyClearedForestOrGrassland,
    FilledLake,
    RiverBeach,
    FilledWetland,
    SteepSlope,
}
