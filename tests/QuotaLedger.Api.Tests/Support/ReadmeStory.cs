using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;

namespace QuotaLedger.Api.Tests.Support;

/// <summary>Whose token sends a request: one <c>&lt;role&gt; &lt;org&gt;[:&lt;user&gt;]</c> of <c>./run.sh token</c>.</summary>
public sealed record StoryToken(string Role, string Organisation, string? User)
{
    public override string ToString() => User is null ? $"{Role} {Organisation}" : $"{Role} {Organisation}:{User}";
}

/// <summary>A value of an answer, at a dotted path (<c>items.0.resource.id</c>), that later requests use as <c>{Name}</c>.</summary>
public sealed record StoryCapture(string Name, string Path);

/// <summary>
/// One request of the README's story as written there: who sends it, the method, the path and the JSON body (both with
/// <c>{name}</c> placeholders), and the answer it promises: a status and, for a refusal, the problem code.
/// </summary>
public sealed record StoryRequest(
    int Line,
    StoryToken As,
    HttpMethod Method,
    string Path,
    string? Body,
    HttpStatusCode Status,
    string? Problem,
    IReadOnlyList<StoryCapture> Captures)
{
    public override string ToString() => $"README.md line {Line}: {Method} {Path} as {As}";
}

/// <summary>
/// Reads the story section of README.md: the tokens its bash block mints and its ```http blocks, each of the form
/// <code>
/// # as county 150102
/// POST /api/v1/projects
///
/// {"county":"150102", …}
///
/// # → 201 Created; {project} = id
/// </code>
/// Anything it cannot read, or an API request written outside such a block, is a <see cref="FormatException"/> naming the
/// line: a story the test cannot run must fail it, not be skipped.
/// </summary>
public static partial class ReadmeStory
{
    public const string Heading = "## Walk the story in Swagger UI";

    public static (IReadOnlyList<StoryToken> Tokens, IReadOnlyList<StoryRequest> Requests) Parse(string readme)
    {
        var lines = readme.Replace("\r\n", "\n").Split('\n');
        var start = Array.IndexOf(lines, Heading);
        if (start < 0) throw new FormatException($"README.md has no section '{Heading}'.");
        var end = Array.FindIndex(lines, start + 1, l => l.StartsWith("## ", StringComparison.Ordinal));
        if (end < 0) end = lines.Length;

        var tokens = new List<StoryToken>();
        var requests = new List<StoryRequest>();
        for (var i = start + 1; i < end; i++)
        {
            var fence = Fence().Match(lines[i]);
            if (!fence.Success)
            {
                if (RequestOutsideBlock().Match(lines[i]) is { Success: true } loose)
                    throw new FormatException($"README.md line {i + 1}: '{loose.Value}' is written outside an ```http block, so no test sends it.");
                continue;
            }
            var close = Array.FindIndex(lines, i + 1, l => l.TrimEnd() == "```");
            if (close < 0 || close >= end) throw new FormatException($"README.md line {i + 1}: the block is never closed.");
            var block = lines[(i + 1)..close];
            switch (fence.Groups[1].Value)
            {
                case "bash":
                    tokens.AddRange(TokensOf(block, i + 2));
                    break;
                case "http":
                    requests.Add(RequestOf(block, i + 2));
                    break;
                default:
                    throw new FormatException($"README.md line {i + 1}: the story has only ```bash (tokens) and ```http (requests) blocks.");
            }
            i = close;
        }
        if (requests.Count == 0) throw new FormatException("The story section of README.md has no ```http request.");
        foreach (var request in requests.Where(r => !tokens.Contains(r.As)))
            throw new FormatException($"{request}: no `./run.sh token {request.As}` line mints that token.");
        return (tokens, requests);
    }

    /// <summary>The tokens a bash block mints: each line a <c>./run.sh token</c> call (or a comment).</summary>
    private static IEnumerable<StoryToken> TokensOf(string[] block, int firstLine)
    {
        for (var j = 0; j < block.Length; j++)
        {
            var line = block[j].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var call = TokenCall().Match(line);
            if (!call.Success)
                throw new FormatException($"README.md line {firstLine + j}: not a `./run.sh token [--hours N] <role> <org>[:<user>] ...` line.");
            foreach (Match pair in TokenArguments().Matches(call.Groups["pairs"].Value)) yield return Token(pair);
        }
    }

    private static StoryRequest RequestOf(string[] block, int firstLine)
    {
        var content = block.Select((text, index) => (Text: text.TrimEnd(), Line: firstLine + index))
            .SkipWhile(l => l.Text.Length == 0).Reverse().SkipWhile(l => l.Text.Length == 0).Reverse().ToArray();
        FormatException Refuse(int line, string why) => new($"README.md line {line}: {why}");
        if (content.Length < 3) throw Refuse(firstLine, "a request block needs '# as …', the request line and '# → …'.");

        var who = AsLine().Match(content[0].Text);
        if (!who.Success) throw Refuse(content[0].Line, "the block must begin with '# as <role> <org>[:<user>]'.");
        var request = RequestLine().Match(content[1].Text);
        if (!request.Success) throw Refuse(content[1].Line, "not a request line such as 'POST /api/v1/projects'.");
        var answer = AnswerLine().Match(content[^1].Text);
        if (!answer.Success)
            throw Refuse(content[^1].Line, "the block must end with '# → <status> <reason phrase or problem code>[; {name} = path, …]'.");

        var bodyLines = content[2..^1];
        if (bodyLines.Length > 0 && bodyLines[0].Text.Length != 0) throw Refuse(bodyLines[0].Line, "a blank line separates the request line from the body.");
        var body = string.Join("\n", bodyLines.Select(l => l.Text)).Trim();
        if (body.Length > 0)
        {
            try { using var _ = JsonDocument.Parse(body); }
            catch (JsonException e) { throw Refuse(bodyLines[0].Line + 1, $"the body is not JSON: {e.Message}"); }
        }

        var status = (HttpStatusCode)int.Parse(answer.Groups["status"].Value);
        var outcome = answer.Groups["outcome"].Value;
        string? problem = null;
        if ((int)status >= 400)
        {
            if (!ProblemCode().IsMatch(outcome))
                throw Refuse(content[^1].Line, $"a refusal names its problem code (docs/problems.md), not '{outcome}'.");
            problem = outcome;
        }
        else if (outcome != ReasonPhrases.GetReasonPhrase((int)status))
            throw Refuse(content[^1].Line, $"'{outcome}' is not the reason phrase of {(int)status}.");
        var captures = answer.Groups["captures"].Success
            ? answer.Groups["captures"].Value.Split(',', StringSplitOptions.TrimEntries).Select(c =>
                CaptureText().Match(c) is { Success: true } m
                    ? new StoryCapture(m.Groups[1].Value, m.Groups[2].Value)
                    : throw Refuse(content[^1].Line, $"'{c}' is not '{{name}} = path'.")).ToArray()
            : [];
        return new StoryRequest(content[0].Line, Token(who), new HttpMethod(request.Groups[1].Value), request.Groups[2].Value,
            body.Length == 0 ? null : body, status, problem, captures);
    }

    private static StoryToken Token(Match m) => new(m.Groups["role"].Value, m.Groups["org"].Value,
        m.Groups["user"].Success ? m.Groups["user"].Value : null);

    /// <summary>The text with each <c>{name}</c> replaced by the value an earlier answer gave it.</summary>
    public static string Fill(string text, IReadOnlyDictionary<string, string> values, StoryRequest request) =>
        Placeholder().Replace(text, m => values.TryGetValue(m.Groups[1].Value, out var value)
            ? value
            : throw new FormatException($"{request}: {{{m.Groups[1].Value}}} is not named by any earlier answer."));

    /// <summary>The value at a dotted path of an answer (<c>items.0.resource.id</c>), as text.</summary>
    public static string Find(JsonElement answer, StoryCapture capture, StoryRequest request)
    {
        var at = answer;
        foreach (var step in capture.Path.Split('.'))
        {
            var found = at.ValueKind switch
            {
                JsonValueKind.Object => at.TryGetProperty(step, out var member) ? member : (JsonElement?)null,
                JsonValueKind.Array when int.TryParse(step, out var index) && index < at.GetArrayLength() => at[index],
                _ => null,
            };
            at = found ?? throw new FormatException($"{request}: the answer has no {capture.Path} for {{{capture.Name}}}: {answer}");
        }
        return at.ValueKind == JsonValueKind.String ? at.GetString()! : at.GetRawText();
    }

    [GeneratedRegex(@"^```(\w*)\s*$")]
    private static partial Regex Fence();

    [GeneratedRegex(@"\b(?:GET|POST|PUT|PATCH|DELETE) +/api/\S*")]
    private static partial Regex RequestOutsideBlock();

    /// <summary>A call of <c>./run.sh token</c>, alone or in <c>TOKEN=$(…)</c>, with an end-of-line comment or not.</summary>
    [GeneratedRegex(@"^(?:[A-Z_]+=\$\()?\./run\.sh token(?: --hours [0-9]+)?(?<pairs>(?: [a-z]+ [0-9A-Za-z-]+(?::[A-Za-z0-9_.-]+)?)+)\)?\s*(?:#.*)?$")]
    private static partial Regex TokenCall();

    [GeneratedRegex(@"(?<role>[a-z]+) (?<org>[0-9A-Za-z-]+)(?::(?<user>[A-Za-z0-9_.-]+))?")]
    private static partial Regex TokenArguments();

    [GeneratedRegex(@"^# as (?<role>[a-z]+) (?<org>[0-9A-Za-z-]+)(?::(?<user>[A-Za-z0-9_.-]+))?$")]
    private static partial Regex AsLine();

    [GeneratedRegex(@"^(GET|POST) (/api/v1/\S+)$")]
    private static partial Regex RequestLine();

    [GeneratedRegex(@"^# → (?<status>[1-5][0-9]{2}) (?<outcome>[^;]+?)(?:; (?<captures>.+))?$")]
    private static partial Regex AnswerLine();

    [GeneratedRegex(@"^[a-z]+(?:-[a-z]+)*$")]
    private static partial Regex ProblemCode();

    [GeneratedRegex(@"^\{([A-Za-z]\w*)\} = ([A-Za-z0-9_.]+)$")]
    private static partial Regex CaptureText();

    [GeneratedRegex(@"\{([A-Za-z]\w*)\}")]
    private static partial Regex Placeholder();
}
