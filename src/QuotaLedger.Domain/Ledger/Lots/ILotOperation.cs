namespace QuotaLedger.Domain.Ledger.Lots;

/// <summary>
/// An operation that holds quota on lots until it is decided: a transfer's reservation, a freeze, a link, a deduction.
/// Deciding it changes the operation and the lots it holds together.
/// </summary>
public interface ILotOperation
{
    Guid Id { get; }

    IReadOnlyCollection<Guid> LotIds { get; }
}
