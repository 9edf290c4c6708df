using QuotaLedger.Application.Shared.Documents;
using QuotaLedger.Domain.Shared.Policy;

namespace QuotaLedger.Application.Shared.Policy;

public static class PolicyParameterSets
{
    /// <summary>
    /// The policy parameters as the command's transaction sees them, without locking them: links, campaigns and
    /// patrols read them, and a lock would make them wait on each other. A regime never applies before the day it is
    /// added, so a decision racing a new one decides under the regime in force when it started, as it would have a
    /// moment earlier.
    /// </summary>
    public static async Task<PolicyParameters> ReadAsync(LedgerSession session, CancellationToken ct) =>
        (await AggregateDocuments.LoadManyAsync<PolicyParameters>(session.Events.Documents, [PolicyParameters.StreamId], ct))
        .GetValueOrDefault(PolicyParameters.StreamId)?.State ?? PolicyParameters.BuiltIn;
}
