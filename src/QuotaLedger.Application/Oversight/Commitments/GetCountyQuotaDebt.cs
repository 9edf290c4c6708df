using FluentValidation;
using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Oversight.Commitments;

namespace QuotaLedger.Application.Oversight.Commitments;

/// <summary>
/// What a county owes for deductions its balances could not cover (R8), debt by debt oldest first, with its history
/// of repayments; a county that never owed anything owes nothing (version 0).
/// </summary>
public sealed record GetCountyQuotaDebt(string County) : IQuery<ResourceView<CountyQuotaDebt>>;

public sealed class GetCountyQuotaDebtValidator : AbstractValidator<GetCountyQuotaDebt>
{
    public GetCountyQuotaDebtValidator() => RuleFor(q => q.County).KnownCounty();
}

public sealed class GetCountyQuotaDebtHandler(DocumentReader reader, RequestContext context, AccessPolicy access)
    : IRequestHandler<GetCountyQuotaDebt, ResourceView<CountyQuotaDebt>>
{
    public async Task<ResourceView<CountyQuotaDebt>> Handle(GetCountyQuotaDebt query, CancellationToken ct)
    {
        access.RequireSee(context.Actor, query.County);
        return await reader.GetPublicAsync<CountyQuotaDebt>(CountyQuotaDebt.StreamIdOf(query.County), withHistory: true, ct)
               ?? new ResourceView<CountyQuotaDebt>(new CountyQuotaDebt(query.County, []), 0, []);
    }
}
