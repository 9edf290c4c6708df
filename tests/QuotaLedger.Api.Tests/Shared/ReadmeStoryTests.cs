using System.Net;
using System.Text;
using System.Text.Json;
using QuotaLedger.Api.Tests.Support;

namespace QuotaLedger.Api.Tests.Shared;

/// <summary>
/// The README's story ("Walk the story in Swagger UI") is sent as written, request by request, with the tokens it names,
/// and each answer must be the one it promises: a README that no longer tells the truth fails here.
/// </summary>
public sealed class ReadmeStoryTests(LedgerApi api) : IClassFixture<LedgerApi>
{
    /// <summary>After the story's acceptance dates (2026-11-01), so that the filing is not earlier than the acceptance.</summary>
    private static readonly DateTimeOffset StoryStart = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Every_request_of_the_readme_story_answers_as_the_readme_says()
    {
        var (_, requests) = ReadmeStory.Parse(await File.ReadAllTextAsync(RepositoryFiles.PathOf("README.md")));
        api.Clock.Advance(StoryStart - api.Clock.Now);
        var values = new Dictionary<string, string>();
        foreach (var step in requests)
        {
            api.Clock.Advance(TimeSpan.FromMinutes(1));
            var client = api.As(step.As.Role, step.As.Organisation, step.As.User ?? $"{step.As.Role}-{step.As.Organisation}");
            var request = new HttpRequestMessage(step.Method, ReadmeStory.Fill(step.Path, values, step));
            if (step.Body is { } body) request.Content = new StringContent(ReadmeStory.Fill(body, values, step), Encoding.UTF8, "application/json");
            var response = await client.SendAsync(request);

            if (step.Problem is { } problem)
            {
                await response.ShouldBeProblemAsync(step.Status, problem);
                continue;
            }
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == step.Status, $"{step} answered {(int)response.StatusCode}, not {(int)step.Status}: {text}");
            var answer = JsonSerializer.Deserialize<JsonElement>(text);
            foreach (var capture in step.Captures)
                values[capture.Name] = ReadmeStory.Find(answer, capture, step);
        }

        // And what the story recorded verifies: each event's MAC, recomputed from its stored row, is the service's.
        Assert.Empty(await api.VerifyAsync());
    }

    private const string Valid = """
        # QuotaLedger

        ## Walk the story in Swagger UI

        ```bash
        ./run.sh token county 150102 centre 150000:alice
        #   county 150102  a user of 新城区, Hohhot
        TOKEN=$(./run.sh token --hours 1 county 150102)
        ```

        ```http
        # as county 150102
        POST /api/v1/projects

        {"county":"150102"}

        # → 201 Created; {project} = id, {lot} = items.0.resource.id
        ```

        ```http
        # as centre 150000:alice
        GET /api/v1/projects/{project}

        # → 404 not-found
        ```

        ## Authentication
        GET /api/v1/outside-the-story is not part of it.
        """;

    [Fact]
    public void A_story_as_the_readme_writes_it_is_read_request_by_request()
    {
        var (tokens, requests) = ReadmeStory.Parse(Valid);

        Assert.Equal([new StoryToken("county", "150102", null), new StoryToken("centre", "150000", "alice"), new StoryToken("county", "150102", null)],
            tokens);
        Assert.Equal(2, requests.Count);
        var register = requests[0];
        Assert.Equal((new StoryToken("county", "150102", null), HttpMethod.Post, "/api/v1/projects", """{"county":"150102"}""", HttpStatusCode.Created, (string?)null),
            (register.As, register.Method, register.Path, register.Body, register.Status, register.Problem));
        Assert.Equal([new StoryCapture("project", "id"), new StoryCapture("lot", "items.0.resource.id")], register.Captures);
        var get = requests[1];
        Assert.Equal((HttpMethod.Get, "/api/v1/projects/{project}", (string?)null, HttpStatusCode.NotFound, "not-found"),
            (get.Method, get.Path, get.Body, get.Status, get.Problem));
        Assert.Equal("/api/v1/projects/42", ReadmeStory.Fill(get.Path, new Dictionary<string, string> { ["project"] = "42" }, get));
        Assert.Equal("7", ReadmeStory.Find(JsonDocument.Parse("""{"items":[{"resource":{"id":"7"}}]}""").RootElement, register.Captures[1], register));
    }

    public static TheoryData<string, string, string> Unreadable => new()
    {
        { "no story section", "## Walk the story in Swagger UI", "## A story elsewhere" },
        { "no '# as'", "# as county 150102\nPOST", "POST" },
        { "not a request line", "POST /api/v1/projects\n", "POST api/v1/projects\n" },
        { "no blank line before the body", "POST /api/v1/projects\n\n{", "POST /api/v1/projects\n{" },
        { "a body that is not JSON", """{"county":"150102"}""", """{"county":150102"}""" },
        { "no answer", "\n# → 201 Created; {project} = id, {lot} = items.0.resource.id", "" },
        { "a wrong reason phrase", "# → 201 Created", "# → 201 OK" },
        { "a refusal without its problem code", "# → 404 not-found", "# → 404 Not Found" },
        { "a capture that is not '{name} = path'", "{project} = id,", "project = id," },
        { "a token no line mints", "# as centre 150000:alice", "# as centre 150000:bob" },
        { "a token line that is not one", "./run.sh token county 150102 centre 150000:alice", "./run.sh mint centre" },
        { "a token of the old form", "./run.sh token county 150102 centre 150000:alice", "./run.sh token centre 150000 alice" },
        { "a block of another language", "```bash", "```sh" },
        { "an unclosed block", "# → 404 not-found\n```", "# → 404 not-found" },
        { "a request in the prose", "## Walk the story in Swagger UI\n", "## Walk the story in Swagger UI\nThen `POST /api/v1/links` holds it.\n" },
    };

    [Theory]
    [MemberData(nameof(Unreadable))]
    public void A_story_the_test_cannot_read_fails_it(string what, string written, string instead)
    {
        Assert.Contains(written, Valid);
        var broken = Valid.Replace(written, instead);
        var refusal = Assert.Throws<FormatException>(() => ReadmeStory.Parse(broken));
        Assert.False(string.IsNullOrWhiteSpace(refusal.Message), what);
    }

    [Fact]
    public void A_placeholder_no_earlier_answer_named_fails_the_story()
    {
        var (_, requests) = ReadmeStory.Parse(Valid);
        var refusal = Assert.Throws<FormatException>(() => ReadmeStory.Fill(requests[1].Path, new Dictionary<string, string>(), requests[1]));
        Assert.Contains("{project}", refusal.Message);
    }

    [Fact]
    public void A_capture_the_answer_lacks_fails_the_story()
    {
        var (_, requests) = ReadmeStory.Parse(Valid);
        var refusal = Assert.Throws<FormatException>(() =>
            ReadmeStory.Find(JsonDocument.Parse("""{"items":[]}""").RootElement, requests[0].Captures[1], requests[0]));
        Assert.Contains("items.0.resource.id", refusal.Message);
    }
}
