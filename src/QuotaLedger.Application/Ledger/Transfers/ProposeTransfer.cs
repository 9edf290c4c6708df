using FluentValidation;
using MediatR;
using Npgsql;
using QuotaLedger.Application.Ledger.Holders;
using QuotaLedger.Application.Ledger.Lots;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Ledger.Transfers;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Application.Ledger.Transfers;

/// <summary>
/// 调剂 or 统筹: a holder proposes to move quota to another; the amount is reserved on its lots until the transfer is
/// decided. The centre proposing from a county into the region account 150000 is how quota is pooled. Quota brought into a
/// prefecture from outside it while the prefecture and its counties together have the amount available is flagged to
/// the approver (R6, balance first at home), not refused.
/// </summary>
public sealed record ProposeTransfer(
    string From,
    string To,
    QuotaKind Kind,
    Measures Amount,
    string Reason,
    IReadOnlyList<Guid>? LotIds = null) : ICommand<CommandResult>, IHasReason;

public sealed class ProposeTransferValidator : AbstractValidator<ProposeTransfer>
{
    public ProposeTransferValidator()
    {
        RuleFor(c => c.From).KnownHolder();
        RuleFor(c => c.To).KnownHolder().NotEqual(c => c.From).WithMessage("A transfer needs two different holders (R2).");
        this.Amount(c => c.Kind, c => c.Amount);
        RuleFor(c => c.Reason).Reason();
        RuleForEach(c => c.LotIds).NotEmpty();
        RuleFor(c => c.LotIds).Must(ids => ids!.Distinct().Count() == ids!.Count).When(c => c.LotIds is not null)
            .WithMessage("Each lot may be named only once.");
    }
}

public sealed class ProposeTransferHandler(
    LedgerSession session, LotSelection lots, RequestContext context, AccessPolicy access, RegionCatalog regions)
    : IRequestHandler<ProposeTransfer, CommandResult>
{
    public async Task<CommandResult> Handle(ProposeTransfer command, CancellationToken ct)
    {
        access.RequireActFor(context.Actor, command.From);
        // Without lots named, a transfer draws on the sender's lots oldest first (Transfer.Propose).
        var drawable = command.LotIds is { Count: > 0 } named
            ? await lots.LockAsync(named, ct)
            : await lots.LockCoveringAsync(command.Kind, command.Amount, [new DrawFrom(command.From)], ct);
        var homeBalance = HomeBalanceFlag.HomeOf(command.From, command.To, regions) is { } home
            ? HomeBalanceFlag.For(home, command.Amount, await AvailableAtHomeAsync(home, command.Kind, ct))
            : null;

        var id = Guid.CreateVersion7();
        var (proposed, reserved) = Transfer.Propose(id, command.From, command.To, command.Kind, command.Amount, drawable.InOrder,
            context.Actor, homeBalance);
        session.Start<Transfer>(id, proposed);
        session.AppendLots(drawable.ById, reserved);
        return new CommandResult(id, 1);
    }

    /// <summary>
    /// What the prefecture's own holding and all its counties have available of the kind, as the command's transaction
    /// sees the ledger's balances. Not locked: the flag informs the approver of the moment of proposal, and a flag that
    /// waited on every county's balance would make transfers into a prefecture wait on each other.
    /// </summary>
    private async Task<Measures> AvailableAtHomeAsync(string prefecture, QuotaKind kind, CancellationToken ct)
    {
        var holders = regions.All.Where(r => r.Code == prefecture || r.ParentCode == prefecture).Select(r => r.Code).ToArray();
        await using var cmd = new NpgsqlCommand("""
            SELECT coalesce(sum(area), 0), coalesce(sum(grain), 0), coalesce(sum(paddy), 0) FROM ql_balances
            WHERE holder = ANY($1) AND kind = $2 AND bucket = $3
            """, session.Events.Connection, session.Events.Transaction);
        cmd.Parameters.AddWithValue(holders);
        cmd.Parameters.AddWithValue(Journal.KindName(kind));
        cmd.Parameters.AddWithValue(Journal.BucketName(Bucket.Available));
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new Measures(BucketRows.Normalize(reader.GetDecimal(0)), BucketRows.Normalize(reader.GetDecimal(1)),
            BucketRows.Normalize(reader.GetDecimal(2)));
    }
}
