using MediatR;
using QuotaLedger.Api.Shared;
using QuotaLedger.Application.Ledger.Deductions;

namespace QuotaLedger.Api.Ledger;

public sealed class DeductionsEndpoints : IEndpointGroup
{
    public void Map(RouteGroupBuilder api)
    {
        var deductions = api.MapGroup("/deductions").WithTags("Deductions");

        deductions.MapPost("/", async (DeductQuota command, IMediator mediator, HttpContext http) =>
            {
                var result = await mediator.Send(command, http.RequestAborted);
                return EndpointResults.Created(http, $"/api/v1/deductions/{result.Id}", result);
            })
            .Command("DeductQuota",
                "扣减: the centre deducts a county's quota for overdue reclamation; its prefecture covers what the county lacks (R8).");

        deductions.MapGet("/", async (string? holder, int? limit, int? offset, IMediator mediator, HttpContext http) =>
                TypedResults.Ok(await mediator.Send(new ListDeductions(holder, limit ?? 100, offset ?? 0), http.RequestAborted)))
            .Query("ListDeductions", "Deductions the user may see, newest first; holder narrows to one county or prefecture.");

        deductions.MapGet("/{deductionId:guid}", async (Guid deductionId, IMediator mediator, HttpContext http) =>
                EndpointResults.View(http, await mediator.Send(new GetDeduction(deductionId), http.RequestAborted)))
            .VersionedQuery("GetDeduction", "A deduction with the lots it fell on and its history.");
    }
}
