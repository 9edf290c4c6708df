using FluentValidation;
using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Storage.StorageApplications;

namespace QuotaLedger.Application.Storage.StorageApplications;

public sealed record ListStorageApplications(string? Holder, int Limit = 100, int Offset = 0)
    : IQuery<Page<ResourceView<StorageApplication>>>, IListQuery;

public sealed class ListStorageApplicationsValidator : AbstractValidator<ListStorageApplications>
{
    public ListStorageApplicationsValidator() => this.Paging();
}

public sealed class ListStorageApplicationsHandler(DocumentReader reader, RequestContext context)
    : IRequestHandler<ListStorageApplications, Page<ResourceView<StorageApplication>>>
{
    public Task<Page<ResourceView<StorageApplication>>> Handle(ListStorageApplications query, CancellationToken ct) =>
        reader.ListAsync<StorageApplication>(context.Actor, query.Holder, query.Limit, query.Offset, ct);
}
