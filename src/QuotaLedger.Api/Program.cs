using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http.Json;
using QuotaLedger.Api.Shared;
using QuotaLedger.Api.Shared.Commands;
using QuotaLedger.Api.Trading;
using QuotaLedger.Application;
using QuotaLedger.Application.Shared;
using QuotaLedger.Application.Trading;
using QuotaLedger.Store;

if (args.FirstOrDefault() == "mint-token") return TokenCommand.Run(args[1..]);
if (args.FirstOrDefault() == "schema-script") return await SchemaScriptCommand.RunAsync(args[1..]);

var builder = WebApplication.CreateBuilder(args);
var connectionString = builder.Configuration.GetConnectionString("QuotaLedger");
if (string.IsNullOrWhiteSpace(connectionString))
{
    Console.Error.WriteLine("ConnectionStrings:QuotaLedger is not set. ./run.sh starts a local PostgreSQL and sets it for you.");
    return 2;
}

TamperEvidenceKeys keys;
try
{
    keys = TamperEvidenceSettings.KeysFrom(builder.Configuration);
}
catch (InvalidTamperEvidenceKeysException e)
{
    Console.Error.WriteLine(TamperEvidenceSettings.Explain(e));
    return 2;
}

if (args.FirstOrDefault() == "import-legacy-store") return await ImportLegacyStoreCommand.RunAsync(connectionString, keys);
await using (var probe = StoreDataSource.Create(connectionString))
    if (await LegacyStore.IsPresentAsync(probe, CancellationToken.None))
    {
        Console.Error.WriteLine("This database was kept by QuotaLedger's own event store (public.ql_events), before Marten. " +
                                $"Run `{LegacyStore.ImportCommand}` once to move it onto Marten; the service will not start on it as it is.");
        return 3;
    }
if (args.FirstOrDefault() == "verify-ledger") return await VerifyCommand.RunAsync(connectionString, keys, args[1..]);
if (args.FirstOrDefault() == "ledger-receipt") return await ReceiptCommand.RunAsync(connectionString, keys);
if (args.FirstOrDefault() == "rebuild-read-models") return await RebuildReadModelsCommand.RunAsync(connectionString, keys);

builder.Services.AddQuotaLedger(connectionString, keys);
builder.Services.Configure<TimedCommandsOptions>(builder.Configuration.GetSection(TimedCommandsOptions.Section));
builder.Services.Configure<GroupCommitOptions>(builder.Configuration.GetSection(GroupCommitOptions.Section));
builder.Services.Configure<JsonOptions>(o => RegionNames.Add(Json.ConfigureStrict(o.SerializerOptions)));
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
// Request bodies are a few hundred bytes: anything over 1 MB is refused (413 ProblemDetails) instead of being read.
builder.WebHost.ConfigureKestrel(o => o.Limits.MaxRequestBodySize = ProblemsHandler.MaxRequestBodyBytes);
builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
{
    ProblemsHandler.TypeFrameworkProblem(c);
    ProblemLanguage.Apply(c);
    c.ProblemDetails.Extensions["correlationId"] = c.HttpContext.RequestServices.GetRequiredService<RequestContext>().CorrelationId;
});
builder.Services.AddExceptionHandler<ProblemsHandler>();
builder.Services.AddLedgerHealthChecks();
builder.Services.AddLedgerMetrics(builder.Configuration);
builder.AddLedgerAuthentication();
builder.AddLedgerOpenApi();
// The public notices page is a Razor component rendered on the server, without interactivity.
builder.Services.AddRazorComponents();
// Chinese as it is, not as character references: the page is read in Chinese, and its source too.
builder.Services.AddWebEncoders(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
// The console's files are served before routing, which then gives every other path under /console/ its index.html.
app.UseConsoleFiles();
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();
app.UseMiddleware<RequestContextMiddleware>();
app.UseLedgerOpenApi();

var api = app.MapGroup("/api/v1").RequireAuthorization();
foreach (var group in typeof(Program).Assembly.GetTypes()
             .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(IEndpointGroup).IsAssignableFrom(t))
             .OrderBy(t => t.Name))
    ((IEndpointGroup)Activator.CreateInstance(group)!).Map(api);
app.MapPublicNotices();
app.MapConsole();
app.MapLedgerHealth();
app.MapLedgerMetrics();

app.Run();
return 0;

/// <summary>The entry point, visible to the API tests' WebApplicationFactory.</summary>
public partial class Program;
