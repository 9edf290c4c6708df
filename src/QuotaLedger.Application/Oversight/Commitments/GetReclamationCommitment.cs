using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Oversight.Commitments;

namespace QuotaLedger.Application.Oversight.Commitments;

public sealed record GetReclamationCommitment(Guid CommitmentId) : IQuery<ResourceView<ReclamationCommitment>>;

public sealed class GetReclamationCommitmentHandler(DocumentReader reader, RequestContext context)
    : IRequestHandler<GetReclamationCommitment, ResourceView<ReclamationCommitment>>
{
    public Task<ResourceView<ReclamationCommitment>> Handle(GetReclamationCommitment query, CancellationToken ct) =>
        reader.GetAsync<ReclamationCommitment>(context.Actor, query.CommitmentId, withHistory: true, ct);
}
