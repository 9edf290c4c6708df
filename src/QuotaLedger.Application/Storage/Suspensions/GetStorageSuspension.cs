using FluentValidation;
using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Storage.Suspensions;

namespace QuotaLedger.Application.Storage.Suspensions;

/// <summary>Whether a prefecture's or county's storage applications are suspended, with the history of the decisions.</summary>
public sealed record GetStorageSuspension(string RegionCode) : IQuery<ResourceView<StorageSuspension>>;

public sealed class GetStorageSuspensionValidator : AbstractValidator<GetStorageSuspension>
{
    public GetStorageSuspensionValidator() => RuleFor(q => q.RegionCode).PrefectureOrCounty();
}

public sealed class GetStorageSuspensionHandler(DocumentReader reader, RequestContext context, AccessPolicy access)
    : IRequestHandler<GetStorageSuspension, ResourceView<StorageSuspension>>
{
    public async Task<ResourceView<StorageSuspension>> Handle(GetStorageSuspension query, CancellationToken ct)
    {
        access.RequireSee(context.Actor, query.RegionCode);
        try
        {
            return await reader.GetAsync<StorageSuspension>(context.Actor, StorageSuspension.StreamIdOf(query.RegionCode), withHistory: true, ct);
        }
        catch (NotFoundException)
        {
            // Never suspended: no stream yet, version 0.
            return new ResourceView<StorageSuspension>(new StorageSuspension(query.RegionCode, false, null), 0, []);
        }
    }
}
