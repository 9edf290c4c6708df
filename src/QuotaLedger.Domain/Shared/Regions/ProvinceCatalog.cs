using System.Reflection;

namespace QuotaLedger.Domain.Shared.Regions;

/// <summary>
/// The 31 province-level divisions of the mainland by their GB/T 2260 codes (<c>provinces.csv</c>): where
/// cross-province buyers come from. Inner Mongolia is one of them, and sells to the others.
/// </summary>
public sealed class ProvinceCatalog
{
    private readonly Dictionary<string, string> names;

    private ProvinceCatalog(Dictionary<string, string> names) => this.names = names;

    public static ProvinceCatalog Mainland { get; } = Load();

    public IReadOnlyDictionary<string, string> Names => names;

    public string? NameOf(string? code) => code is not null && names.TryGetValue(code, out var name) ? name : null;

    /// <summary>A province that may buy Inner Mongolia's quota: any other one.</summary>
    public bool IsOtherProvince(string? code) => NameOf(code) is not null && code != RegionCatalog.RegionCode;

    private static ProvinceCatalog Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("provinces.csv")
                           ?? throw new InvalidOperationException("provinces.csv is not embedded.");
        using var reader = new StreamReader(stream);
        var names = new Dictionary<string, string>();
        reader.ReadLine(); // header: code,name
        while (reader.ReadLine() is { Length: > 0 } line)
        {
            var f = line.Split(',');
            names.Add(f[0], f[1]);
        }
        return new ProvinceCatalog(names);
    }
}
