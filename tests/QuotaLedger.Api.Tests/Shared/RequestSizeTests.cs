using System.Net;
using System.Net.Http.Headers;
using System.Text;
using QuotaLedger.Api.Shared;
using QuotaLedger.Api.Tests.Support;
using static QuotaLedger.Api.Tests.Support.Steps;

namespace QuotaLedger.Api.Tests.Shared;

/// <summary>
/// A body over the limit is refused 413 <c>request-too-large</c> however the client sends it: Kestrel refuses it as it
/// is read, and each way it surfaces carries the documented problem type. Nothing is written.
/// </summary>
public sealed class RequestSizeTests(KestrelLedgerApi api) : IClassFixture<KestrelLedgerApi>
{
    public enum Sending
    {
        /// <summary>Content-Length over the limit: refused before a byte of the body is read.</summary>
        ContentLength,
        /// <summary>Chunked, no length: refused when the bytes read pass the limit.</summary>
        Chunked,
        /// <summary>Expect: 100-continue: refused before the client sends the body.</summary>
        ExpectContinue,
    }

    [Theory]
    [InlineData(Sending.ContentLength, "/api/v1/projects")]
    [InlineData(Sending.Chunked, "/api/v1/projects")]
    [InlineData(Sending.ExpectContinue, "/api/v1/projects")]
    [InlineData(Sending.ContentLength, "/api/v1/transfers/0198c0de-0000-7000-8000-000000000001/approve")]
    [InlineData(Sending.Chunked, "/api/v1/storage-applications")]
    public async Task A_body_over_the_limit_is_refused_as_request_too_large(Sending sending, string path)
    {
        var events = await api.EventCountAsync();
        HttpResponseMessage response;
        try
        {
            response = await api.County("150102").SendAsync(TooLarge(sending, path));
        }
        catch (HttpRequestException e) when (sending == Sending.ContentLength && e.InnerException is IOException)
        {
            // The service answered and closed the connection while the client was still writing the body it refused
            // unread; .NET's client then reports the broken pipe, not the answer. Nothing may have been written.
            Assert.Equal(events, await api.EventCountAsync());
            return;
        }

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge, "request-too-large");
        Assert.Contains("1024 KiB", problem.GetProperty("detail").GetString());
        Assert.Equal(events, await api.EventCountAsync());
    }

    [Fact]
    public async Task A_body_within_the_limit_is_read()
    {
        var response = await api.County("150102").PostRawAsync(Projects, Body(ProblemsHandler.MaxRequestBodyBytes - 1));
        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation", "name");
    }

    private static HttpRequestMessage TooLarge(Sending sending, string path)
    {
        var json = Encoding.UTF8.GetBytes(Body(ProblemsHandler.MaxRequestBodyBytes + 1));
        HttpContent content = sending == Sending.Chunked
            ? new StreamContent(new UnknownLengthStream(json))
            : new ByteArrayContent(json);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        if (sending == Sending.ExpectContinue) request.Headers.ExpectContinue = true;
        return request;
    }

    /// <summary>A registration whose name pads the body to exactly <paramref name="bytes"/> bytes.</summary>
    private static string Body(long bytes)
    {
        const string head = "{\"county\":\"150102\",\"kind\":\"replenishment\",\"name\":\"";
        const string tail = "\",\"landSource\":\"unused_land\",\"slopeDegrees\":1,\"inEcologicalRedLine\":false,"
                            + "\"planned\":{\"area\":1,\"grainCapacity\":0,\"paddyArea\":0}}";
        return head + new string('x', (int)bytes - head.Length - tail.Length) + tail;
    }

    /// <summary>A stream that hides its length, so that the client sends it chunked.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
