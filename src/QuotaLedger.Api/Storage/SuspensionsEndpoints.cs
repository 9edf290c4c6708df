using MediatR;
using QuotaLedger.Api.Shared;
using QuotaLedger.Application.Storage.Suspensions;

namespace QuotaLedger.Api.Storage;

public sealed class SuspensionsEndpoints : IEndpointGroup
{
    public void Map(RouteGroupBuilder api)
    {
        var suspension = api.MapGroup("/regions/{regionCode}/storage-suspension").WithTags("Storage");

        suspension.MapPost("/", async (string regionCode, ReasonBody body, IMediator mediator, HttpContext http) =>
                EndpointResults.Changed(http, await mediator.Send(
                    new SuspendStorageApplications(regionCode, body.Reason, EndpointResults.IfMatch(http)), http.RequestAborted)))
            .Decision("SuspendStorageApplications",
                "The centre suspends a prefecture's or county's new storage applications (R5); a prefecture's covers its counties.");

        suspension.MapPost("/resume", async (string regionCode, ReasonBody body, IMediator mediator, HttpContext http) =>
                EndpointResults.Changed(http, await mediator.Send(
                    new ResumeStorageApplications(regionCode, body.Reason, EndpointResults.IfMatch(http)), http.RequestAborted)))
            .Decision("ResumeStorageApplications", "The centre lets the prefecture or county file storage applications again (R5).");

        suspension.MapGet("/", async (string regionCode, IMediator mediator, HttpContext http) =>
                EndpointResults.View(http, await mediator.Send(new GetStorageSuspension(regionCode), http.RequestAborted)))
            .VersionedQuery("GetStorageSuspension", "Whether the prefecture's or county's storage applications are suspended, with the decisions' history.");
    }
}
