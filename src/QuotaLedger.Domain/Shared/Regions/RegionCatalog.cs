using System.Reflection;

namespace QuotaLedger.Domain.Shared.Regions;

/// <summary>The region, its 12 prefectures and 103 counties, built into the service from <c>regions.csv</c>.</summary>
public sealed class RegionCatalog
{
    public const string RegionCode = "150000";

    private readonly Dictionary<string, Region> byCode;

    private RegionCatalog(IEnumerable<Region> regions) => byCode = regions.ToDictionary(r => r.Code);

    public static RegionCatalog InnerMongolia { get; } = Load();

    public IReadOnlyCollection<Region> All => byCode.Values;

    public Region? Find(string? code) => code is not null && byCode.TryGetValue(code, out var region) ? region : null;

    public bool IsHolder(string? code) => Find(code) is not null;

    public bool IsCounty(string? code) => Find(code)?.Level == RegionLevel.County;

    /// <summary>The prefecture of a county, the prefecture itself, or null for the region.</summary>
    public string? PrefectureOf(string code) => Find(code) switch
    {
        { Level: RegionLevel.County, ParentCode: var parent } => parent,
        { Level: RegionLevel.Prefecture } r => r.Code,
        _ => null,
    };

    /// <summary>True when <paramref name="code"/> is <paramref name="ancestor"/> or lies inside it.</summary>
    public bool IsWithin(string code, string ancestor)
    {
        for (var r = Find(code); r is not null; r = Find(r.ParentCode))
            if (r.Code == ancestor) return true;
        return false;
    }

    private static RegionCatalog Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("regions.csv")
                           ?? throw new InvalidOperationException("regions.csv is not embedded.");
        using var reader = new StreamReader(stream);
        var regions = new List<Region>();
        reader.ReadLine(); // header: code,name,parent_code,level
        while (reader.ReadLine() is { Length: > 0 } line)
        {
            var f = line.Split(',');
            regions.Add(new Region(f[0], f[1], f[2].Length == 0 ? null : f[2], Enum.Parse<RegionLevel>(f[3], ignoreCase: true)));
        }
        return new RegionCatalog(regions);
    }
}
