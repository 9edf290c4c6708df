using FluentValidation;
using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Storage.StorageApplications;

namespace QuotaLedger.Application.Storage.StorageApplications;

/// <summary>Storage applications the user may see, newest first: <paramref name="Status"/> narrows to one status (pending: the ones to decide).</summary>
public sealed record ListStorageApplications(string? Holder, string? Status = null, int Limit = 100, int Offset = 0)
    : IQuery<Page<ResourceView<StorageApplication>>>, IListQuery;

public sealed class ListStorageApplicationsValidator : AbstractValidator<ListStorageApplications>
{
    public ListStorageApplicationsValidator()
    {
        this.Paging();
        RuleFor(q => q.Status).KnownStatus<ListStorageApplications, ApplicationStatus>();
    }
}

public sealed class ListStorageApplicationsHandler(DocumentReader reader, RequestContext context)
    : IRequestHandler<ListStorageApplications, Page<ResourceView<StorageApplication>>>
{
    public Task<Page<ResourceView<StorageApplication>>> Handle(ListStorageApplications query, CancellationToken ct)
    {
        var status = StatusFilter.Parse<ApplicationStatus>(query.Status);
        return reader.ListAsync<StorageApplication>(context.Actor, query.Holder, query.Limit, query.Offset, ct,
            status is { } wanted ? d => d.State.Status == wanted : null);
    }
}
