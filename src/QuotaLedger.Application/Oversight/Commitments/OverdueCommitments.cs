using Marten;
using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Application.Shared.Documents;
using QuotaLedger.Domain.Oversight.Commitments;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Application.Oversight.Commitments;

/// <summary>The oversight work <see cref="TimedCommands"/> runs: every pending commitment whose due date has passed is deducted.</summary>
public sealed class OverdueCommitments : IDueCommands
{
    /// <summary>The actor the timed deductions are recorded under.</summary>
    public static readonly Actor Actor = new("commitment-clock", Role.Centre, RegionCatalog.RegionCode);

    Actor IDueCommands.Actor => Actor;

    public async Task<IReadOnlyList<IRequest<CommandResult>>> DueAsync(IQuerySession session, DateTimeOffset now, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        // Only pending commitments past their day (ISO dates compare as text); fulfilled and deducted ones are not read.
        var overdue = await session.QueryAsync<AggregateDocument<ReclamationCommitment>>(
            "where data -> 'state' ->> 'status' = ? and data -> 'state' ->> 'dueOn' < ?", ct,
            Spelling.Of(CommitmentStatus.Pending), today.ToString("yyyy-MM-dd"));
        return overdue.Where(d => d.State.IsOverdueOn(today)).Select(d => new DeductOverdueCommitment(d.Id)).ToArray();
    }
}
