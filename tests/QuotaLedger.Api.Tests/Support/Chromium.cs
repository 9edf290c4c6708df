using Microsoft.Playwright;

namespace QuotaLedger.Api.Tests.Support;

/// <summary>
/// Debian's headless Chromium driven by Playwright, shared by the test classes of <see cref="Collection"/>, which run
/// one after another so that the machine runs one browser at a time. A test class takes the API on Kestrel as its own
/// fixture (<c>IClassFixture&lt;KestrelLedgerApi&gt;</c>) and opens its pages with <see cref="OpenAsync"/>.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public const string Collection = "Chromium";

    /// <summary>Debian's package; <c>./test.sh</c> installs it. Playwright's own browser download fails on these machines.</summary>
    public const string ExecutablePath = "/usr/bin/chromium";

    // The machine's closed network refuses the connections Chromium makes by itself (updates, sync, QUIC, Google's
    // hosts), many at a time; these keep it to the page's own requests. Playwright adds --headless and a fresh,
    // empty --user-data-dir to every launch itself (it refuses one passed here).
    private static readonly string[] Flags =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private IPlaywright? playwright;
    private IBrowser? browser;

    public IBrowser Browser => browser ?? throw new InvalidOperationException("Chromium has not started.");

    async Task IAsyncLifetime.InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
            throw new InvalidOperationException(
                $"{ExecutablePath} is missing: ./test.sh installs it, or `apt-get install chromium fonts-noto-cjk` as root.");
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ExecutablePath, Headless = true, Args = Flags });
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (browser is not null) await browser.DisposeAsync();
        playwright?.Dispose();
    }

    /// <summary>
    /// A page of <paramref name="api"/> as a reader in China opens it, in a browser context of its own (no cookies or
    /// storage from other tests). Fails unless the page answers 200.
    /// </summary>
    public async Task<BrowserPage> OpenAsync(KestrelLedgerApi api, string path)
    {
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = api.Address.ToString(), Locale = "zh-CN", TimezoneId = "Asia/Shanghai",
            ViewportSize = new() { Width = 1280, Height = 900 },
        });
        try
        {
            var opened = new BrowserPage(context, await context.NewPageAsync());
            var response = await opened.Page.GotoAsync(path);
            Assert.True(response?.Status == 200, $"GET {path} answered {response?.Status}: {string.Join("\n", api.ServerErrors)}");
            return opened;
        }
        catch
        {
            await context.DisposeAsync();
            throw;
        }
    }
}

[CollectionDefinition(Chromium.Collection)]
public sealed class ChromiumCollection : ICollectionFixture<Chromium>;

/// <summary>
/// One open page and its browser context, closed together. A script error the page did not catch fails the test when
/// the page closes: a page can look right and still have thrown (a chart that stopped redrawing, say).
/// </summary>
public sealed class BrowserPage : IAsyncDisposable
{
    private readonly IBrowserContext context;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> errors = new();

    public BrowserPage(IBrowserContext context, IPage page)
    {
        this.context = context;
        Page = page;
        page.PageError += (_, error) => errors.Enqueue(error);
    }

    public IPage Page { get; }

    /// <summary>
    /// The fonts Chromium drew the text of the first element matching <paramref name="selector"/> with, as the
    /// platform names them ("Noto Sans CJK SC"): a missing font shows here as a fallback, where the page's text
    /// itself would still read right.
    /// </summary>
    public async Task<IReadOnlyList<string>> RenderedFontsAsync(string selector)
    {
        var cdp = await context.NewCDPSessionAsync(Page);
        await cdp.SendAsync("DOM.enable");
        await cdp.SendAsync("CSS.enable");
        var document = await cdp.SendAsync("DOM.getDocument");
        var node = await cdp.SendAsync("DOM.querySelector", new()
        {
            ["nodeId"] = document!.Value.GetProperty("root").GetProperty("nodeId").GetInt32(), ["selector"] = selector,
        });
        var nodeId = node!.Value.GetProperty("nodeId").GetInt32();
        Assert.True(nodeId != 0, $"no element matches {selector}");
        var fonts = await cdp.SendAsync("CSS.getPlatformFontsForNode", new() { ["nodeId"] = nodeId });
        return fonts!.Value.GetProperty("fonts").EnumerateArray()
            .Select(f => f.GetProperty("familyName").GetString()!)
            .ToList();
    }

    /// <summary>The whole page as a PNG in the repository's <c>.data/screenshots/</c> (not committed), for a person to look at.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        var file = RepositoryFiles.PathOf(".data", "screenshots", $"{name}.png");
        await Page.ScreenshotAsync(new() { Path = file, FullPage = true });
        return file;
    }

    public async ValueTask DisposeAsync()
    {
        await context.DisposeAsync();
        Assert.True(errors.IsEmpty, $"The page threw: {string.Join("\n", errors)}");
    }
}
