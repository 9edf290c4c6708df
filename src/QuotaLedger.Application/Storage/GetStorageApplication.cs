using MediatR;
using QuotaLedger.Application.Common;
using QuotaLedger.Domain.Storage;

namespace QuotaLedger.Application.Storage;

public sealed record GetStorageApplication(Guid ApplicationId) : IQuery<ResourceView<StorageApplication>>;

public sealed class GetStorageApplicationHandler(DocumentReader reader, RequestContext context)
    : IRequestHandler<GetStorageApplication, ResourceView<StorageApplication>>
{
    public Task<ResourceView<StorageApplication>> Handle(GetStorageApplication query, CancellationToken ct) =>
        reader.GetAsync<StorageApplication>(context.Actor, query.ApplicationId, withHistory: true, ct);
}
