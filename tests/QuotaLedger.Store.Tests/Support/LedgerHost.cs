using JasperFx.Events.Daemon;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace QuotaLedger.Store.Tests.Support;

/// <summary>
/// One instance of the service as far as the store goes: a host on the fixture's database that migrates it at start-up
/// and, when asked, runs the async projections with Marten's daemon (HotCold: one instance at a time).
/// </summary>
/// <remarks>Its connections carry <paramref name="name"/> as their application name, so a test can see who holds what.</remarks>
public sealed class LedgerHost(LedgerDatabase db, string name, bool daemon = true) : IAsyncDisposable
{
    private readonly IHost host = Build(db, name, daemon);

    public string Name => name;
    public IEventStore Store => host.Services.GetRequiredService<IEventStore>();

    public Task StartAsync() => host.StartAsync();

    public Task StopAsync() => host.StopAsync();

    private static IHost Build(LedgerDatabase db, string name, bool daemon)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(_ => StoreDataSource.Create(
            new NpgsqlConnectionStringBuilder(db.ConnectionString) { ApplicationName = name }.ConnectionString));
        var marten = builder.Services.AddMarten(provider =>
            {
                var opts = db.Options(provider.GetRequiredService<NpgsqlDataSource>());
                // A shorter wait than Marten's default before a standby instance tries to take the lead.
                opts.Projections.LeadershipPollingTime = 250;
                return opts;
            })
            .ApplyAllDatabaseChangesOnStartup();
        if (daemon) marten.AddAsyncDaemon(DaemonMode.HotCold);
        builder.Services.AddSingleton<IEventStore, MartenEventStore>();
        return builder.Build();
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }
}
