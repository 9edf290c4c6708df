using FluentValidation;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using QuotaLedger.Application.Common;
using QuotaLedger.Application.ReadModels;
using QuotaLedger.Domain;
using QuotaLedger.EventStore;

namespace QuotaLedger.Application;

public static class DependencyInjection
{
    /// <summary>
    /// The ledger's services. MediatR 5.1.0 has no DI package here, so the mediator, its handlers and behaviours are
    /// registered by hand from this assembly; FluentValidation's own extension registers the validators.
    /// </summary>
    public static IServiceCollection AddQuotaLedger(this IServiceCollection services, string connectionString)
    {
        services.AddSingleton(_ => StoreDataSource.Create(connectionString));
        services.AddSingleton(RegionCatalog.InnerMongolia);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new EventTypeRegistry(Json.Options).RegisterAll<IDomainEvent>());
        services.AddSingleton<DocumentStore>();
        services.AddSingleton<IInlineProjection, LedgerProjection>();
        services.AddSingleton<IInlineProjection, DocumentProjection>();
        services.AddSingleton<IAsyncProjection, LedgerTotalsProjection>();
        services.AddSingleton<IAsyncProjection, Sealer>();
        services.AddSingleton<IEventStore, PostgresEventStore>();
        services.AddSingleton<ProjectionDaemon>();
        services.AddSingleton<AccessPolicy>();
        services.AddSingleton<DocumentReader>();

        services.AddScoped<RequestContext>();
        services.AddScoped<LedgerSession>();
        services.AddScoped<LotSelection>();

        services.AddScoped<ServiceFactory>(provider => provider.GetService!);
        services.AddScoped<IMediator, Mediator>();
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
}
