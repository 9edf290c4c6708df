using MediatR;
using Microsoft.Extensions.DependencyInjection;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Application.Shared;
using QuotaLedger.Application.Trading;

namespace QuotaLedger.Api.Tests.Trading;

/// <summary>
/// The timed transitions of trading (open, close, conclude, default) are no endpoints: the service's trading clock sends
/// them through the mediator. The tests send them the same way, as the clock's actor, in a scope of the running service,
/// or run the service's timed commands on what is due by the test's clock (<see cref="TimedCommandsSteps.RunDueAsync"/>).
/// </summary>
public static class TradingClockSteps
{
    public static async Task<CommandResult> RunTimedAsync(this LedgerApi api, IRequest<CommandResult> command)
    {
        await using var scope = api.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<RequestContext>().Actor = TradingClock.Actor;
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command);
    }
}
