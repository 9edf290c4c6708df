using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace QuotaLedger.Fault.Tests.Support;

/// <summary>
/// The service as a real process (<c>dotnet QuotaLedger.Api.dll --urls http://127.0.0.1:&lt;port&gt;</c>) that a test can
/// SIGKILL and start again. Every process started is killed when the instance is disposed, and when the test host
/// exits, whatever happened.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<int, Process> Live = new();
    // Long enough for a readiness answer on a busy machine: a probe that gave up would cancel the service's checks
    // midway, which ASP.NET Core's health service logs as a failed check (an error line the verdict counts).
    private static readonly HttpClient Probe = new() { Timeout = TimeSpan.FromSeconds(30) };

    static ServiceProcess()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var p in Live.Values) TryKill(p);
        };
    }

    private readonly string connectionString;
    private readonly IReadOnlyDictionary<string, string> settings;
    private readonly ConcurrentQueue<string> output = new();
    private Process? process;
    private volatile Uri baseAddress = new("http://127.0.0.1:1/");
    private int errorLines;
    private int statementFailures;

    /// <param name="settings">Configuration for every start, as environment variables (e.g. <c>TimedCommands__PeriodSeconds</c>).</param>
    public ServiceProcess(string name, string connectionString, IReadOnlyDictionary<string, string>? settings = null)
    {
        Name = name;
        this.connectionString = connectionString;
        this.settings = settings ?? new Dictionary<string, string>();
    }

    public string Name { get; }

    /// <summary>Where the current process listens; each start picks a free port.</summary>
    public Uri BaseAddress => baseAddress;

    public int Starts { get; private set; }

    /// <summary>
    /// Log lines at level error or above ("fail:", "crit:") over every run of this service, but for
    /// <see cref="StatementFailures"/>.
    /// </summary>
    public int ErrorLines => Volatile.Read(ref errorLines);

    /// <summary>
    /// Marten's own error lines for a statement that failed (a deadlock victim's, say): the command pipeline decides such a
    /// command again, so that what they cost shows in the responses, not here.
    /// </summary>
    public int StatementFailures => Volatile.Read(ref statementFailures);

    public bool IsRunning => process is { HasExited: false };

    public static async Task<ServiceProcess> StartAsync(string name, string connectionString, IReadOnlyDictionary<string, string>? settings = null)
    {
        var service = new ServiceProcess(name, connectionString, settings);
        try
        {
            await service.StartAsync();
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }
        return service;
    }

    public async Task StartAsync(TimeSpan? timeout = null)
    {
        if (IsRunning) throw new InvalidOperationException($"{Name} is already running.");
        var port = FreePort();
        var start = new ProcessStartInfo(DotnetHost(), [Repo.ApiDll, "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = Repo.ApiDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ConnectionStrings__QuotaLedger"] = connectionString;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment.Remove("ASPNETCORE_URLS");
        foreach (var (name, value) in settings) start.Environment[name] = value;

        var p = new Process { StartInfo = start, EnableRaisingEvents = true };
        p.OutputDataReceived += (_, e) => Record(e.Data);
        p.ErrorDataReceived += (_, e) => Record(e.Data);
        if (!p.Start()) throw new InvalidOperationException($"{Name} did not start.");
        Live[p.Id] = p;
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        process = p;
        Starts++;
        var address = new Uri($"http://127.0.0.1:{port}/");

        var deadline = Stopwatch.StartNew();
        var limit = timeout ?? TimeSpan.FromSeconds(90);
        while (true)
        {
            if (p.HasExited)
                throw new InvalidOperationException($"{Name} exited with {p.ExitCode} while starting:\n{RecentOutput()}");
            try
            {
                using var health = await Probe.GetAsync(new Uri(address, "health/ready"));
                if (health.StatusCode == HttpStatusCode.OK) break;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            if (deadline.Elapsed > limit)
                throw new TimeoutException($"{Name} was not ready (/health/ready) within {limit}:\n{RecentOutput()}");
            await Task.Delay(100);
        }
        baseAddress = address;
    }

    /// <summary>SIGKILL (Process.Kill on Unix): no shutdown, no flushing, in-flight requests are cut.</summary>
    public void Kill()
    {
        if (process is not { } p) return;
        TryKill(p);
        p.WaitForExit(10_000);
        Live.TryRemove(p.Id, out _);
        process = null;
    }

    public async Task RestartAsync()
    {
        Kill();
        await StartAsync();
    }

    /// <summary>The last lines the service wrote, for failure messages.</summary>
    public string RecentOutput(int lines = 60) =>
        string.Join('\n', output.TakeLast(lines).Select(line => $"[{Name}] {(line.Length > 400 ? line[..400] + "…" : line)}"));

    /// <summary>The last 400 lines the service wrote, whole.</summary>
    public IReadOnlyCollection<string> Output => output;

    public ValueTask DisposeAsync()
    {
        Kill();
        return ValueTask.CompletedTask;
    }

    /// <summary>Where every line the services write is kept whole, when QUOTALEDGER_FAULT_LOGS names a folder.</summary>
    private static readonly string? LogFolder = Environment.GetEnvironmentVariable("QUOTALEDGER_FAULT_LOGS") is { Length: > 0 } folder
        ? Directory.CreateDirectory(folder).FullName
        : null;

    private void Record(string? line)
    {
        if (line is null) return;
        if (LogFolder is not null)
            lock (output) File.AppendAllText(Path.Combine(LogFolder, $"{Name}.log"), line + "\n");
        if (line.StartsWith("fail: Marten.IDocumentStore[", StringComparison.Ordinal))
            Interlocked.Increment(ref statementFailures);
        else if (line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal))
            Interlocked.Increment(ref errorLines);
        output.Enqueue(line);
        while (output.Count > 400) output.TryDequeue(out _);
    }

    private static void TryKill(Process p)
    {
        try
        {
            if (!p.HasExited) p.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The dotnet host that runs the tests (the SDK exports DOTNET_HOST_PATH), else dotnet on PATH.</summary>
    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)) return host;
        if (Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        return "dotnet";
    }
}
