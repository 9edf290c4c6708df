using FluentValidation;
using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Application.Shared.Documents;
using QuotaLedger.Application.Trading.Parameters;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;
using QuotaLedger.Domain.Trading;
using QuotaLedger.Domain.Trading.Agreements;
using QuotaLedger.Domain.Trading.Buyers;
using QuotaLedger.Domain.Trading.Deals;

namespace QuotaLedger.Application.Trading.Agreements;

/// <summary>
/// 点对点: the centre records an agreement signed with another province's buyer, from the region account 150000 or a
/// county's lots: a quantity of one measure at a unit price, paid in tranches. A second centre user reviews it.
/// </summary>
/// <param name="Number">The agreement's number as signed; one agreement per number.</param>
public sealed record RecordAgreement(
    string Number,
    string Seller,
    Guid BuyerId,
    QuotaKind Kind,
    PricedMeasure Measure,
    decimal Quantity,
    decimal UnitPrice,
    IReadOnlyList<PaymentTranche> Tranches,
    DateOnly SignedOn) : ICommand<CommandResult>;

public sealed class RecordAgreementValidator : AbstractValidator<RecordAgreement>
{
    public const int MaxNumberLength = 100;
    public const int MaxTranches = 60;

    public RecordAgreementValidator()
    {
        RuleFor(c => c.Number).NotEmpty().MaximumLength(MaxNumberLength);
        RuleFor(c => c.Seller).KnownHolder();
        RuleFor(c => c.BuyerId).NotEmpty();
        RuleFor(c => c.Quantity).GreaterThan(0);
        RuleFor(c => c.UnitPrice).GreaterThan(0);
        RuleFor(c => c.Tranches).NotEmpty().Must(t => t.Count <= MaxTranches)
            .WithMessage($"An agreement is paid in 1 to {MaxTranches} tranches.");
        RuleForEach(c => c.Tranches).ChildRules(t => t.RuleFor(x => x.Amount).GreaterThan(0));
    }
}

public sealed class RecordAgreementHandler(
    LedgerSession session, RequestContext context, AccessPolicy access, RegionCatalog regions, TimeProvider clock)
    : IRequestHandler<RecordAgreement, CommandResult>
{
    public async Task<CommandResult> Handle(RecordAgreement command, CancellationToken ct)
    {
        access.RequireCentre(context.Actor, "record point-to-point agreements");
        // The id follows from the number, so the same agreement cannot be recorded twice, even by two requests at once.
        var id = StreamIds.Derived("agreement", command.Number);
        if (await session.LockOptionalAsync<Agreement>(id, _ => { }, null, ct) is { } existing)
            throw new RuleViolationException(Rule.InvalidState,
                $"Agreement {command.Number} is already recorded ({Spelling.Of(existing.State.Status)}).");

        // Read, not locked: a bar or a new parameter set racing this command applies from its own day on, as a moment later.
        var documents = await AggregateDocuments.LoadManyAsync<Buyer>(session.Events.Documents, [command.BuyerId], ct);
        var buyer = documents.GetValueOrDefault(command.BuyerId)?.State ?? throw new NotFoundException("Buyer", command.BuyerId);
        var parameters = await TradingParameterSets.ReadAsync(session, ct);

        var recorded = Agreement.Record(id, command.Number, command.Seller, buyer, command.Kind, command.Measure, command.Quantity,
            command.UnitPrice, command.Tranches, command.SignedOn, parameters, regions, clock.GetUtcNow(), context.Actor);
        session.Start<Agreement>(id, recorded);
        return new CommandResult(id, 1);
    }
}
