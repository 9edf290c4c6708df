using QuotaLedger.Application.Shared;
using QuotaLedger.Application.Shared.Documents;
using QuotaLedger.Domain.Trading.Parameters;

namespace QuotaLedger.Application.Trading.Parameters;

public static class TradingParameterSets
{
    /// <summary>
    /// The trading parameters as the command's transaction sees them, without locking them: every listing, bid and
    /// order reads them, and a lock would make all trading wait on each other. A set never applies before the day it
    /// is made, so a decision racing a new set decides under the one in force when it started, as it would have a
    /// moment earlier.
    /// </summary>
    public static async Task<TradingParameters> ReadAsync(LedgerSession session, CancellationToken ct) =>
        (await AggregateDocuments.LoadManyAsync<TradingParameters>(session.Events.Documents, [TradingParameters.StreamId], ct))
        .GetValueOrDefault(TradingParameters.StreamId)?.State ?? TradingParameters.Initial;
}
