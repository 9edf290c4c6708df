using System.IdentityModel.Tokens.Jwt;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;
using Marten;
using Npgsql;
using QuotaLedger.Api.Shared;
using QuotaLedger.Store;
using QuotaLedger.Testing;

namespace QuotaLedger.Api.Tests.Support;

/// <summary>
/// The API over a fresh PostgreSQL database of its own (one per test class: <c>IClassFixture&lt;LedgerApi&gt;</c>),
/// with a clock the tests set and development tokens for any role, organisation and user.
/// </summary>
public class LedgerApi : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string SigningKey = "api-tests-signing-key-at-least-32-characters-long";

    /// <summary>The tests' own tamper-evidence key, in place of the development one.</summary>
    public const string TamperEvidenceKeyId = "api-tests";
    public static readonly string TamperEvidenceKey = Convert.ToBase64String("api-tests-tamper-evidence-key-32-bytes!!"u8.ToArray());

    public static TamperEvidenceKeys Keys =>
        new(TamperEvidenceKeyId, new Dictionary<string, string?> { [TamperEvidenceKeyId] = TamperEvidenceKey });

    private readonly bool overKestrel;
    private readonly bool createDatabase;

    public LedgerApi() : this(overKestrel: false)
    {
    }

    /// <param name="overKestrel">Serve on Kestrel at a free local port instead of the in-memory test server.</param>
    /// <param name="existingDatabase">A database the test made itself (dropped at the end all the same).</param>
    protected LedgerApi(bool overKestrel, string? existingDatabase = null)
    {
        this.overKestrel = overKestrel;
        if (overKestrel) UseKestrel(0);
        createDatabase = existingDatabase is null;
        DatabaseName = existingDatabase ?? TestPostgres.NewDatabaseName("ql_api_test");
        // A small pool per test class: classes run in parallel against one server.
        ConnectionString = TestPostgres.ConnectionStringFor(DatabaseName, c => (c.MaxPoolSize, c.Timeout) = (20, 30));
    }

    public string DatabaseName { get; }
    public string ConnectionString { get; }

    /// <summary>The service's clock: it stands still until a test moves it.</summary>
    public TestClock Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));

    /// <summary>
    /// Seconds between the timed commands' looks at what is due (trading's transitions, overdue commitments); 0 (the
    /// default): they do not look by themselves, and a test runs them (<c>RunDueAsync</c>) or sends the timed commands.
    /// </summary>
    public int TimedCommandsPeriodSeconds { get; init; }

    /// <summary>Groups of commands the service executes at once (<c>GroupCommit:ConcurrentGroups</c>); null: its default.</summary>
    public int? ConcurrentGroups { get; init; }

    /// <summary>The service keeps the time of day (<see cref="TimeProvider.System"/>), not <see cref="Clock"/>.</summary>
    public bool RealTime { get; init; }

    /// <summary>
    /// The service checks tokens with its own development key (<c>appsettings.Development.json</c>), the one
    /// <c>./run.sh token</c> signs with, instead of <see cref="SigningKey"/>.
    /// </summary>
    public bool DevelopmentTokens { get; init; }

    /// <summary>The API over a database the test made itself, e.g. one in an older store's shape.</summary>
    public static LedgerApi Over(string existingDatabase, int timedCommandsPeriodSeconds = 0) =>
        new(overKestrel: false, existingDatabase) { TimedCommandsPeriodSeconds = timedCommandsPeriodSeconds };

    async Task IAsyncLifetime.InitializeAsync()
    {
        if (createDatabase) await TestPostgres.CreateDatabaseAsync(DatabaseName);
        // Starts the host: migrations run now, not inside the first test's timing.
        if (overKestrel) StartServer();
        else _ = Server;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        try
        {
            await DisposeAsync();
        }
        catch (ObjectDisposedException e) when (e.StackTrace?.Contains("ProjectionCoordinatorBase") == true)
        {
            // JasperFx's projection coordinator, stopped while it pauses itself (a class whose tests end seconds after
            // the host started), can dispose its runner's token source twice; the host has stopped all the same.
        }
        NpgsqlConnection.ClearAllPools();
        await TestPostgres.DropDatabaseAsync(DatabaseName);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:QuotaLedger", ConnectionString);
        if (!DevelopmentTokens) builder.UseSetting("Auth:DevelopmentSigningKey", SigningKey);
        builder.UseSetting("TamperEvidence:CurrentKeyId", TamperEvidenceKeyId);
        builder.UseSetting($"TamperEvidence:Keys:{TamperEvidenceKeyId}", TamperEvidenceKey);
        builder.UseSetting("TimedCommands:PeriodSeconds", TimedCommandsPeriodSeconds.ToString());
        if (ConcurrentGroups is { } groups) builder.UseSetting("GroupCommit:ConcurrentGroups", groups.ToString());
        // The console as the service's build made it from the sources (the test project's output has no copy of it).
        builder.UseSetting(ConsoleEndpoints.RootSetting, RepositoryFiles.PathOf("src", "QuotaLedger.Console", "dist"));
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning).AddProvider(new ErrorLog(ServerErrors)));
        if (!RealTime) builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    /// <summary>A client acting as <paramref name="user"/> in <paramref name="role"/> for <paramref name="organisation"/>.</summary>
    public HttpClient As(string role, string organisation, string? user = null) =>
        WithToken(Token(role, organisation, user ?? $"{role}-{organisation}"));

    public HttpClient Centre(string user = "centre-reviewer") => As("centre", "150000", user);
    public HttpClient Prefecture(string code, string? user = null) => As("prefecture", code, user);
    public HttpClient County(string code, string? user = null) => As("county", code, user);

    public HttpClient Anonymous() => CreateClient();

    public HttpClient WithToken(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>
    /// A token signed with the service's development key, with any claims at all (so also unknown roles); the same
    /// shape <see cref="Auth.MintDevelopmentToken"/> gives out.
    /// </summary>
    public static string Token(string role, string organisation, string user, string? signingKey = null)
    {
        var key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey ?? SigningKey));
        var token = new JwtSecurityToken(Auth.Issuer, Auth.Audience,
            [new Claim(Auth.UserClaim, user), new Claim(Auth.RoleClaim, role), new Claim(Auth.OrganisationClaim, organisation)],
            new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc), DateTime.UtcNow.AddDays(1), new SigningCredentials(key, SecurityAlgorithms.HmacSha256));
        return new JwtSecurityTokenHandler().WriteToken(token);
    }

    /// <summary>Errors the service logged (an unhandled exception behind a 500, say), for failure messages.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> ServerErrors { get; } = new();

    /// <summary>
    /// How many events the ledger holds: a refused command must leave it unchanged. Marten's tombstones, which fill the
    /// sequence numbers of a failed append, are not the ledger's.
    /// </summary>
    public Task<long> EventCountAsync() =>
        ScalarAsync<long>($"SELECT count(*) FROM mt_events e WHERE {MartenSetup.IsLedgerEvent("e")}");

    /// <summary>What <c>./run.sh verify</c> finds in this service's database: nothing, unless someone tampered with it.</summary>
    public Task<IReadOnlyList<TamperFinding>> VerifyAsync() =>
        new LedgerVerifier(Services.GetRequiredService<NpgsqlDataSource>(), Services.GetRequiredService<IDocumentStore>(), Keys)
            .VerifyAsync(CancellationToken.None);

    /// <summary>The number of events of one type, e.g. <c>transfer_proposed</c>.</summary>
    public Task<long> EventCountAsync(string type) =>
        ScalarAsync<long>("SELECT count(*) FROM mt_events WHERE type = $1", type);

    public async Task<T> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, connection);
        foreach (var p in parameters) cmd.Parameters.AddWithValue(p);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

}

/// <summary>
/// The API on Kestrel itself, for what only the real server does: its request limits (the in-memory test server reads
/// any body whole), and pages a browser opens.
/// </summary>
public class KestrelLedgerApi() : LedgerApi(overKestrel: true)
{
    /// <summary>Where Kestrel listens (a free local port), for clients other than <see cref="LedgerApi.As"/>'s.</summary>
    public Uri Address => new(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
}

/// <summary>A clock that stands still until it is moved; thread-safe.</summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private long ticks = start.UtcTicks;

    public DateTimeOffset Now => new(Interlocked.Read(ref ticks), TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => Now;

    public DateOnly Today => DateOnly.FromDateTime(Now.UtcDateTime);

    public DateTimeOffset Advance(TimeSpan by) => new(Interlocked.Add(ref ticks, by.Ticks), TimeSpan.Zero);
}

/// <summary>Keeps what the service logs at Error and above, so that a test can show why it answered 500.</summary>
internal sealed class ErrorLog(System.Collections.Concurrent.ConcurrentQueue<string> errors) : ILoggerProvider, ILogger
{
    public ILogger CreateLogger(string categoryName) => this;
    public void Dispose() { }
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel)) errors.Enqueue($"{formatter(state, exception)}\n{exception}");
    }
}
