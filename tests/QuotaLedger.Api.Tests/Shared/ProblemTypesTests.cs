using System.Text.RegularExpressions;
using QuotaLedger.Api.Shared;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Domain.Shared;

namespace QuotaLedger.Api.Tests.Shared;

/// <summary>docs/problems.md is what users read about errors: it lists exactly the problem types the API answers.</summary>
public sealed partial class ProblemTypesTests
{
    [Fact]
    public void Docs_problems_lists_every_problem_type_with_its_status_and_nothing_else()
    {
        var documented = TableRow().Matches(File.ReadAllText(RepositoryFiles.PathOf("docs", "problems.md")))
            .Select(m => (m.Groups["code"].Value, int.Parse(m.Groups["status"].Value))).Order().ToArray();

        Assert.Equal(ProblemTypes.All.Select(t => (t.Code, t.Status)).Order().ToArray(), documented);
    }

    [Fact]
    public void Every_rule_has_a_problem_type_of_its_own()
    {
        var codes = Enum.GetValues<Rule>().Select(r => ProblemTypes.Of(r).Code).ToArray();

        Assert.Equal(codes.Length, codes.Distinct().Count());
        Assert.Equal(ProblemTypes.All.Count(), ProblemTypes.All.Select(t => t.Code).Distinct().Count());
    }

    [Fact]
    public void Every_problem_type_has_its_title_and_detail_in_Chinese()
    {
        foreach (var type in ProblemTypes.All)
            Assert.True(Han().IsMatch(type.ChineseTitle) && Han().IsMatch(type.ChineseDetail), $"{type.Code} lacks its Chinese title or detail");
        Assert.Equal(ProblemTypes.All.Count(), ProblemTypes.All.Select(t => t.ChineseTitle).Distinct().Count());
    }

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Han();

    [GeneratedRegex(@"^\| `(?<code>[a-z-]+)` \| (?<status>[0-9]{3}) \|", RegexOptions.Multiline)]
    private static partial Regex TableRow();
}
