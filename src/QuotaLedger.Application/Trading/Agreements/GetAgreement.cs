using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Trading.Agreements;

namespace QuotaLedger.Application.Trading.Agreements;

/// <summary>An agreement with its history, for the centre, the selling county (and its prefecture) and the buyer.</summary>
public sealed record GetAgreement(Guid AgreementId) : IQuery<ResourceView<Agreement>>;

public sealed class GetAgreementHandler(DocumentReader reader, RequestContext context) : IRequestHandler<GetAgreement, ResourceView<Agreement>>
{
    public Task<ResourceView<Agreement>> Handle(GetAgreement query, CancellationToken ct) =>
        reader.GetAsync<Agreement>(context.Actor, query.AgreementId, withHistory: true, ct);
}
