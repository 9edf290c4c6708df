using MediatR;
using QuotaLedger.Api.Shared;
using QuotaLedger.Application.Storage.StorageApplications;

namespace QuotaLedger.Api.Storage;

public sealed class StoragePolicyEndpoints : IEndpointGroup
{
    public void Map(RouteGroupBuilder api)
    {
        var policy = api.MapGroup("/storage-policy").WithTags("Storage");

        policy.MapGet("/", async (IMediator mediator, HttpContext http) =>
            {
                var view = await mediator.Send(new GetStoragePolicy(), http.RequestAborted);
                http.Response.Headers.ETag = EndpointResults.ETag(view.Version);
                return TypedResults.Ok(view);
            })
            .VersionedQuery("GetStoragePolicy",
                "The storage policy every user works under: by how much verified measures may exceed the planned ones (R4), today and from which dates.");

        policy.MapPost("/verification-tolerance", async (VerificationToleranceBody body, IMediator mediator, HttpContext http) =>
                EndpointResults.Changed(http, await mediator.Send(
                    new SetVerificationTolerance(body.Percent, body.EffectiveFrom, body.Reason, EndpointResults.IfMatch(http)),
                    http.RequestAborted)))
            .Decision("SetVerificationTolerance",
                "The centre sets by how much verified measures may exceed the planned ones, in percent of each, from a date on (today or later).");
    }
}

/// <summary>A verification tolerance: the percentage of each planned measure, the first day it applies, and why.</summary>
public sealed record VerificationToleranceBody(decimal Percent, DateOnly EffectiveFrom, string Reason);
