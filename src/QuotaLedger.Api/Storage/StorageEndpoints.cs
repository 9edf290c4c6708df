using MediatR;
using QuotaLedger.Api.Shared;
using QuotaLedger.Application.Storage.StorageApplications;

namespace QuotaLedger.Api.Storage;

public sealed class StorageEndpoints : IEndpointGroup
{
    public void Map(RouteGroupBuilder api)
    {
        var applications = api.MapGroup("/storage-applications").WithTags("Storage");

        applications.MapPost("/", async (SubmitStorageApplication command, IMediator mediator, HttpContext http) =>
            {
                var result = await mediator.Send(command, http.RequestAborted);
                return EndpointResults.Created(http, $"/api/v1/storage-applications/{result.Id}", result);
            })
            .Command("SubmitStorageApplication", "A county files the acceptance of its project for storage (R4); refused while suspended (R5).");

        applications.MapPost("/{applicationId:guid}/approve", async (Guid applicationId, OptionalReasonBody? body, IMediator mediator, HttpContext http) =>
                EndpointResults.Changed(http, await mediator.Send(
                    new ApproveStorageApplication(applicationId, body?.Reason, EndpointResults.IfMatch(http)), http.RequestAborted)))
            .Decision("ApproveStorageApplication", "The centre approves: a new lot is issued to the county with its provenance.");

        applications.MapPost("/{applicationId:guid}/reject", async (Guid applicationId, ReasonBody body, IMediator mediator, HttpContext http) =>
                EndpointResults.Changed(http, await mediator.Send(
                    new RejectStorageApplication(applicationId, body.Reason, EndpointResults.IfMatch(http)), http.RequestAborted)))
            .Decision("RejectStorageApplication", "The centre rejects a pending application, with a reason.");

        applications.MapPost("/{applicationId:guid}/withdraw", async (Guid applicationId, ReasonBody body, IMediator mediator, HttpContext http) =>
                EndpointResults.Changed(http, await mediator.Send(
                    new WithdrawStorageApplication(applicationId, body.Reason, EndpointResults.IfMatch(http)), http.RequestAborted)))
            .Decision("WithdrawStorageApplication", "The applying county withdraws its pending application.");

        applications.MapGet("/", async (string? holder, string? status, int? limit, int? offset, IMediator mediator, HttpContext http) =>
                TypedResults.Ok(await mediator.Send(new ListStorageApplications(holder, status, limit ?? 100, offset ?? 0), http.RequestAborted)))
            .Query("ListStorageApplications",
                "Storage applications the user may see, newest first; holder narrows to one county or prefecture, status to one status (pending: those to decide).");

        applications.MapGet("/{applicationId:guid}", async (Guid applicationId, IMediator mediator, HttpContext http) =>
                EndpointResults.View(http, await mediator.Send(new GetStorageApplication(applicationId), http.RequestAborted)))
            .VersionedQuery("GetStorageApplication", "A storage application with its history.");

        applications.MapPost("/{applicationId:guid}/reverse-approval",
                async (Guid applicationId, ReasonBody body, IMediator mediator, HttpContext http) =>
                    EndpointResults.Changed(http, await mediator.Send(
                        new ReverseStorageApproval(applicationId, body.Reason, EndpointResults.IfMatch(http)), http.RequestAborted)))
            .WithTags("Corrections")
            .Decision("ReverseStorageApproval",
                "The centre reverses a storage approval given in error and withdraws the issued lot; refused (409) once the lot was used (R11).");
    }
}
