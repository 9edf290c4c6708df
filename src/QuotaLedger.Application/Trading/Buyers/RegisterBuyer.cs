using FluentValidation;
using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Shared.Regions;
using QuotaLedger.Domain.Trading.Buyers;

namespace QuotaLedger.Application.Trading.Buyers;

/// <summary>
/// The centre registers a buyer organisation of another province (its land authority, or a platform company it names);
/// the buyer's id is its users' organisation in their tokens.
/// </summary>
public sealed record RegisterBuyer(string ProvinceCode, string Name, string Contact) : ICommand<CommandResult>;

public sealed class RegisterBuyerValidator : AbstractValidator<RegisterBuyer>
{
    public RegisterBuyerValidator()
    {
        // 150000 is a province code too: that a buyer comes from another province is R9's rule, refused by the decider.
        RuleFor(c => c.ProvinceCode).NotEmpty().Must(code => ProvinceCatalog.Mainland.NameOf(code) is not null)
            .WithMessage("'{PropertyValue}' is not the GB/T 2260 code of a province of the mainland (such as 330000).");
        RuleFor(c => c.Name).NotEmpty().MaximumLength(Validation.MaxTextLength);
        RuleFor(c => c.Contact).NotEmpty().MaximumLength(Validation.MaxTextLength);
    }
}

public sealed class RegisterBuyerHandler(LedgerSession session, RequestContext context, AccessPolicy access, ProvinceCatalog provinces)
    : IRequestHandler<RegisterBuyer, CommandResult>
{
    public Task<CommandResult> Handle(RegisterBuyer command, CancellationToken ct)
    {
        access.RequireCentre(context.Actor, "register buyers");
        var id = Guid.CreateVersion7();
        session.Start<Buyer>(id, Buyer.Register(id, command.ProvinceCode, command.Name, command.Contact, provinces, context.Actor));
        return Task.FromResult(new CommandResult(id, 1));
    }
}
