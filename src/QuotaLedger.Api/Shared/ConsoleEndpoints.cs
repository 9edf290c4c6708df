using Microsoft.Extensions.FileProviders;

namespace QuotaLedger.Api.Shared;

/// <summary>
/// The browser console at <c>/console/</c>: the files Vite built (src/QuotaLedger.Console, copied to the output's
/// <c>console</c> folder by the build, or <see cref="RootSetting"/>), index.html for every page of it, and
/// <c>/console/settings.json</c>, which tells the page how users sign in. The page calls the API with the user's token;
/// it decides nothing itself.
/// </summary>
public static class ConsoleEndpoints
{
    public const string Path = "/console";

    /// <summary>Where the built console is, when not in the output's console folder (the tests use the source tree's build).</summary>
    public const string RootSetting = "Console:Root";

    /// <summary>The sign-in the console offers: authorization code with PKCE at the token issuer, development tokens, or both.</summary>
    public sealed record ConsoleSettings(OidcClient? Oidc, bool DevelopmentTokens);

    /// <summary>The console as a public OpenID Connect client of <c>Auth:Authority</c> (no secret: it runs in the browser).</summary>
    public sealed record OidcClient(string Authority, string ClientId, string Scope);

    public static ConsoleSettings SettingsFrom(IConfiguration configuration) => new(
        configuration["Auth:Authority"] is { Length: > 0 } authority && configuration["Console:Oidc:ClientId"] is { Length: > 0 } clientId
            ? new OidcClient(authority, clientId, configuration["Console:Oidc:Scope"] ?? "openid")
            : null,
        Auth.AcceptsDevelopmentTokens(configuration));

    /// <summary>Serves the console's hashed assets ahead of routing; call before <c>UseRouting</c>.</summary>
    public static void UseConsoleFiles(this WebApplication app)
    {
        if (FilesOf(app) is not { } files) return;
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            RequestPath = Path,
            // Vite names every asset by its content's hash: a new build is new names, so they may be kept for good.
            OnPrepareResponse = c => c.Context.Response.Headers.CacheControl = "public, max-age=31536000, immutable",
        });
    }

    public static void MapConsole(this WebApplication app)
    {
        var settings = SettingsFrom(app.Configuration);
        app.MapGet($"{Path}/settings.json", () => TypedResults.Ok(settings)).ExcludeFromDescription();
        var files = FilesOf(app);
        app.MapGet($"{Path}/{{**page}}", IResult (HttpContext http) =>
            {
                // Routing takes /console and /console/ alike; the page's own links are relative to /console/.
                if (http.Request.Path == Path) return TypedResults.Redirect($"{Path}/");
                // A page, not an API answer: the reader is a person at a browser.
                if (files?.GetFileInfo("index.html") is not { Exists: true, PhysicalPath: { } index })
                    return TypedResults.Text("控制台未构建 / The console is not built: build the service where Node.js and npm are " +
                                             "installed (./run.sh does). The API works.", "text/plain; charset=utf-8", statusCode: 503);
                // Every page of the console is index.html; the browser asks for it again after each deployment.
                http.Response.Headers.CacheControl = "no-cache";
                http.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy(settings);
                return TypedResults.PhysicalFile(index, "text/html; charset=utf-8");
            })
            .ExcludeFromDescription();
    }

    // The page loads nothing from elsewhere; it talks to this service and, to sign in, to the issuer. ECharts sets
    // inline styles, hence 'unsafe-inline' for styles only.
    private static string ContentSecurityPolicy(ConsoleSettings settings) =>
        $"default-src 'self'; connect-src 'self'{(settings.Oidc is { } oidc ? $" {new Uri(oidc.Authority).GetLeftPart(UriPartial.Authority)}" : "")}; " +
        "img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    private static PhysicalFileProvider? FilesOf(WebApplication app)
    {
        var root = app.Configuration[RootSetting] is { Length: > 0 } configured
            ? configured
            : System.IO.Path.Combine(AppContext.BaseDirectory, "console");
        return Directory.Exists(root) ? new PhysicalFileProvider(root) : null;
    }
}
