using MediatR;
using Microsoft.Extensions.DependencyInjection;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Api.Tests.Trading;

/// <summary>
/// Sends a timed command (a default at a deadline) as the service's trading clock would: through its mediator, in a
/// scope of its own, as the centre's system actor, with no HTTP request around it.
/// </summary>
public static class TimedCommands
{
    public static readonly Actor TradingClock = new("trading-clock", Role.Centre, RegionCatalog.RegionCode);

    public static async Task<TResponse> SendTimedAsync<TResponse>(this LedgerApi api, IRequest<TResponse> command)
    {
        await using var scope = api.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<RequestContext>().Actor = TradingClock;
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command);
    }
}
