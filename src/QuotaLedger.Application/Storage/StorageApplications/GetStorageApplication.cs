using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Storage.StorageApplications;

namespace QuotaLedger.Application.Storage.StorageApplications;

public sealed record GetStorageApplication(Guid ApplicationId) : IQuery<ResourceView<StorageApplication>>;

public sealed class GetStorageApplicationHandler(DocumentReader reader, RequestContext context)
    : IRequestHandler<GetStorageApplication, ResourceView<StorageApplication>>
{
    public Task<ResourceView<StorageApplication>> Handle(GetStorageApplication query, CancellationToken ct) =>
        reader.GetAsync<StorageApplication>(context.Actor, query.ApplicationId, withHistory: true, ct);
}
