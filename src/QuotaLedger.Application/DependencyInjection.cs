using System.Text.Json;
using FluentValidation;
using JasperFx.Events.Daemon;
using Marten;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using QuotaLedger.Application.Ledger;
using QuotaLedger.Application.Ledger.Lots;
using QuotaLedger.Application.Ledger.Totals;
using QuotaLedger.Application.Ledger.Transfers;
using QuotaLedger.Application.Oversight;
using QuotaLedger.Application.Oversight.Commitments;
using QuotaLedger.Application.Oversight.Audit;
using QuotaLedger.Application.Shared;
using QuotaLedger.Application.Shared.Documents;
using QuotaLedger.Application.Storage;
using QuotaLedger.Application.Trading;
using QuotaLedger.Application.Trading.PublicNotices;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Policy;
using QuotaLedger.Domain.Shared.Regions;
using QuotaLedger.Store;

namespace QuotaLedger.Application;

public static class DependencyInjection
{
    /// <summary>
    /// The ledger's services. MediatR 5.1.0 has no DI package here, so the mediator, its handlers and behaviours are
    /// registered by hand from this assembly; FluentValidation's own extension registers the validators.
    /// </summary>
    public static IServiceCollection AddQuotaLedger(this IServiceCollection services, string connectionString, TamperEvidenceKeys keys)
    {
        services.AddSingleton(_ => StoreDataSource.Create(connectionString));
        services.AddSingleton(RegionCatalog.InnerMongolia);
        services.AddSingleton(ProvinceCatalog.Mainland);
        services.AddSingleton(TimeProvider.System);
        services.AddMarten(provider => StoreOptionsFor(provider.GetRequiredService<NpgsqlDataSource>(), RegionCatalog.InnerMongolia, keys))
            .ApplyAllDatabaseChangesOnStartup()
            // Of several service instances one runs the async projections at a time, and another takes over if it stops.
            .AddAsyncDaemon(DaemonMode.HotCold);
        services.AddSingleton<IEventStore, MartenEventStore>();
        services.AddSingleton(keys);
        services.AddSingleton<LedgerVerifier>();
        services.AddSingleton<AuditedStreams>();
        services.AddSingleton<AccessPolicy>();
        services.AddSingleton<DocumentReader>();
        services.AddSingleton<PublicNoticeBoard>();

        services.AddScoped<RequestContext>();
        services.AddScoped<LedgerSession>();
        services.AddScoped<LotSelection>();
        services.AddScoped<LotOperations>();
        services.AddScoped<TransferDraws>();
        // One loop per service instance over every module's timed work, resolvable as itself so that a test can run what
        // is due without waiting for it.
        services.AddSingleton<IDueCommands, TradingClock>();
        services.AddSingleton<IDueCommands, OverdueCommitments>();
        services.AddSingleton<TimedCommands>();
        services.AddHostedService(provider => provider.GetRequiredService<TimedCommands>());

        services.AddScoped<ServiceFactory>(provider => provider.GetService!);
        services.AddScoped<IMediator, CommandsRunToCompletion>();
        services.AddMetrics();
        services.AddSingleton<CommandGroups>();
        services.AddSingleton<CommandMetrics>();
        services.AddSingleton<TradingMetrics>();
        services.AddSingleton<OpenItems>();
        // The first behaviour registered is the outermost.
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(LoggingBehaviour<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(ValidationBehaviour<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(TransactionBehaviour<,>));

        var assembly = typeof(DependencyInjection).Assembly;
        foreach (var type in assembly.GetTypes().Where(t => t is { IsAbstract: false, IsInterface: false, IsGenericTypeDefinition: false }))
        foreach (var handler in type.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IRequestHandler<,>)))
            services.AddScoped(handler, type);
        services.AddValidatorsFromAssembly(assembly);
        return services;
    }

    /// <summary>Every event type the domain defines, for Marten's event registry.</summary>
    private static IEnumerable<Type> EventTypes =>
        typeof(IDomainEvent).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(IDomainEvent).IsAssignableFrom(t));

    /// <summary>
    /// Marten's configuration: what every module shares (the store, tamper evidence signed with <paramref name="keys"/>,
    /// idempotency), then each module's part.
    /// </summary>
    public static StoreOptions StoreOptionsFor(NpgsqlDataSource dataSource, RegionCatalog regions, TamperEvidenceKeys keys)
    {
        var opts = new StoreOptions();
        MartenSetup.Configure(opts, dataSource, Json.ConfigureStored(new JsonSerializerOptions()), EventTypes, keys);
        opts.Storage.ExtendedSchemaObjects.Add(IdempotencySchema.Table());
        AggregateDocuments.Register<PolicyParameters>(opts, regions);
        LedgerModule.Configure(opts, regions);
        StorageModule.Configure(opts, regions);
        TradingModule.Configure(opts, regions);
        OversightModule.Configure(opts, regions);
        return opts;
    }
}
