namespace QuotaLedger.Api.Shared;

/// <summary>
/// Problems in the language the request asks for (<c>Accept-Language</c>): English unless Chinese is preferred. A Chinese
/// problem has the type's Chinese title and detail; the English detail, which names the figures and ids of this request,
/// is kept beside them as <c>englishDetail</c>, since the ledger's messages are written in English only.
/// </summary>
/// <remarks>
/// The header is read as it is, not through request localization: the service runs in globalization-invariant mode
/// (<c>Directory.Build.props</c>), where no culture but the invariant one can be made, and it formats nothing by culture.
/// </remarks>
public static class ProblemLanguage
{
    private static readonly Dictionary<string, ProblemType> ByUri = ProblemTypes.All.ToDictionary(t => t.Uri);

    /// <summary>
    /// True when the most preferred language the header names that the service has is Chinese (<c>zh</c>, <c>zh-CN</c>,
    /// <c>zh-Hans</c>, any <c>zh-*</c>); English and every language the service lacks count as English.
    /// </summary>
    public static bool WantsChinese(HttpRequest request)
    {
        var preferred = request.GetTypedHeaders().AcceptLanguage
            .Where(l => l.Quality is null or > 0)
            .OrderByDescending(l => l.Quality ?? 1)
            .Select(l => l.Value.Value ?? "")
            .FirstOrDefault(l => IsChinese(l) || IsEnglish(l));
        return preferred is not null && IsChinese(preferred);
    }

    private static bool IsChinese(string tag) => tag.Equals("zh", StringComparison.OrdinalIgnoreCase) || tag.StartsWith("zh-", StringComparison.OrdinalIgnoreCase);
    private static bool IsEnglish(string tag) => tag.Equals("en", StringComparison.OrdinalIgnoreCase) || tag.StartsWith("en-", StringComparison.OrdinalIgnoreCase);

    public static void Apply(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Type is null || !ByUri.TryGetValue(problem.Type, out var type) || !WantsChinese(context.HttpContext.Request)) return;
        if (problem.Detail is { } english) problem.Extensions["englishDetail"] = english;
        (problem.Title, problem.Detail) = (type.ChineseTitle, type.ChineseDetail);
    }
}
