using MediatR;
using Microsoft.Extensions.DependencyInjection;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Api.Tests.Trading;

/// <summary>
/// The timed transitions of trading (open, close, conclude) are no endpoints: the service's hosted job sends them through
/// the mediator. The tests send them the same way, as the job's actor, in a request scope of the running service.
/// </summary>
public static class TradingClockSteps
{
    public static readonly Actor TradingClock = new("trading-clock", Role.Centre, RegionCatalog.RegionCode);

    public static async Task<CommandResult> RunTimedAsync(this LedgerApi api, IRequest<CommandResult> command)
    {
        await using var scope = api.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<RequestContext>().Actor = TradingClock;
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command);
    }
}
