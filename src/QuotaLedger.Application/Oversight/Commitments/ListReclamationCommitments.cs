using FluentValidation;
using Marten;
using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Application.Shared.Documents;
using QuotaLedger.Domain.Oversight.Commitments;
using QuotaLedger.Domain.Shared;

namespace QuotaLedger.Application.Oversight.Commitments;

/// <summary>
/// Reclamation commitments the user may see, newest first: <paramref name="Holder"/> narrows to a county or prefecture,
/// <paramref name="Status"/> to one status, <paramref name="DueBefore"/> to those due before a day.
/// </summary>
public sealed record ListReclamationCommitments(string? Holder, string? Status, DateOnly? DueBefore, int Limit = 100, int Offset = 0)
    : IQuery<Page<ResourceView<ReclamationCommitment>>>, IListQuery;

public sealed class ListReclamationCommitmentsValidator : AbstractValidator<ListReclamationCommitments>
{
    public ListReclamationCommitmentsValidator()
    {
        this.Paging();
        RuleFor(q => q.Status).KnownStatus<ListReclamationCommitments, CommitmentStatus>();
    }
}

public sealed class ListReclamationCommitmentsHandler(IDocumentStore store, RequestContext context, AccessPolicy access)
    : IRequestHandler<ListReclamationCommitments, Page<ResourceView<ReclamationCommitment>>>
{
    public async Task<Page<ResourceView<ReclamationCommitment>>> Handle(ListReclamationCommitments query, CancellationToken ct)
    {
        var actor = context.Actor;
        if (query.Holder is not null) access.RequireSee(actor, query.Holder);
        await using var session = store.QuerySession();
        var commitments = session.Query<AggregateDocument<ReclamationCommitment>>().AsQueryable();
        if (actor.Role != Role.Centre)
        {
            var organisation = actor.Organisation;
            commitments = commitments.Where(d => d.Scope.Contains(organisation));
        }
        if (query.Holder is { } holder) commitments = commitments.Where(d => d.Scope.Contains(holder));
        if (StatusFilter.Parse<CommitmentStatus>(query.Status) is { } status) commitments = commitments.Where(d => d.State.Status == status);
        if (query.DueBefore is { } day) commitments = commitments.Where(d => d.State.DueOn < day);

        var documents = await commitments.OrderByDescending(d => d.CreatedSequence).Skip(query.Offset).Take(query.Limit).ToListAsync(ct);
        return new Page<ResourceView<ReclamationCommitment>>(
            documents.Select(d => new ResourceView<ReclamationCommitment>(d.State, d.Version)).ToArray(), query.Limit, query.Offset);
    }
}
