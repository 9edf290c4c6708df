using MediatR;
using QuotaLedger.Api.Shared;
using QuotaLedger.Application.Oversight.Inspections;

namespace QuotaLedger.Api.Oversight;

/// <summary>The seed of a field sample; without one the service draws a seed at random (and records it).</summary>
public sealed record DrawFieldSampleBody(long? Seed = null);

public sealed record AddToSampleBody(Guid ProjectId, string Reason);

public sealed record FieldResultsBody(IReadOnlyList<FieldResultEntry> Results);

public sealed record RecheckBody(string RegionCode, DateOnly CheckedOn, string Findings);

public sealed record PatrolReportBody(string Summary);

public sealed class InspectionCampaignsEndpoints : IEndpointGroup
{
    private const string Path = "/api/v1/oversight/inspection-campaigns";

    public void Map(RouteGroupBuilder api)
    {
        var campaigns = api.MapGroup("/oversight/inspection-campaigns").WithTags("Inspection campaigns");

        campaigns.MapPost("/", async (CreateInspectionCampaign command, IMediator mediator, HttpContext http) =>
            {
                var result = await mediator.Send(command, http.RequestAborted);
                return EndpointResults.Created(http, $"{Path}/{result.Id}", result);
            })
            .Command("CreateInspectionCampaign",
                "The centre opens an inspection campaign (annual imagery check, monthly satellite patrol or special sweep) on its problem list of replenishment projects; a patrol's list is issued to the prefectures today.");

        campaigns.MapPost("/{campaignId:guid}/sample", async (Guid campaignId, DrawFieldSampleBody body, IMediator mediator, HttpContext http) =>
                EndpointResults.Changed(http, await mediator.Send(
                    new DrawFieldSample(campaignId, body.Seed, EndpointResults.IfMatch(http)), http.RequestAborted)))
            .Decision("DrawFieldSample",
                "The annual check draws its field sample once: at least the field sample share of the regime in force (15%) of the suspects, rounded up, reproducibly from the seed it records.");

        campaigns.MapPost("/{campaignId:guid}/sample/additions", async (Guid campaignId, AddToSampleBody body, IMediator mediator, HttpContext http) =>
                EndpointResults.Changed(http, await mediator.Send(
                    new AddProjectToSample(campaignId, body.ProjectId, body.Reason, EndpointResults.IfMatch(http)), http.RequestAborted)))
            .Decision("AddProjectToSample", "The centre adds a suspect project to the drawn field sample by hand.");

        campaigns.MapPost("/{campaignId:guid}/field-results", async (Guid campaignId, FieldResultsBody body, IMediator mediator, HttpContext http) =>
                EndpointResults.Changed(http, await mediator.Send(
                    new RecordFieldResults(campaignId, body.Results, EndpointResults.IfMatch(http)), http.RequestAborted)))
            .Decision("RecordFieldResults",
                "The centre records field results (confirmed with finding and measures, or cleared). Where confirmed abandonment reaches the threshold (10%) of a county's or prefecture's replenishment quota area, the matching quota is frozen and storage applications suspended, citing the campaign, once.");

        campaigns.MapPost("/{campaignId:guid}/rechecks", async (Guid campaignId, RecheckBody body, IMediator mediator, HttpContext http) =>
            {
                var result = await mediator.Send(new RecordRectificationRecheck(campaignId, body.RegionCode, body.CheckedOn, body.Findings,
                    EndpointResults.IfMatch(http)), http.RequestAborted);
                return EndpointResults.Created(http, $"{Path}/rechecks/{result.Id}", result);
            })
            .Decision("RecordRectificationRecheck",
                "The centre's re-check confirms a region's rectification: the campaign's freezes there are lifted and its storage applications resume, citing the re-check. If-Match names the campaign's version.");

        campaigns.MapPost("/{campaignId:guid}/patrol/forwarding", async (Guid campaignId, IMediator mediator, HttpContext http) =>
                EndpointResults.Changed(http, await mediator.Send(
                    new ForwardPatrolList(campaignId, EndpointResults.IfMatch(http)), http.RequestAborted)))
            .Decision("ForwardPatrolList",
                "A prefecture records that it forwarded the monthly patrol's problem list to its counties today (due within the forward days, 5, of the day of issue).");

        campaigns.MapPost("/{campaignId:guid}/patrol/reports", async (Guid campaignId, PatrolReportBody body, IMediator mediator, HttpContext http) =>
                EndpointResults.Changed(http, await mediator.Send(
                    new ReportPatrolResult(campaignId, body.Summary, EndpointResults.IfMatch(http)), http.RequestAborted)))
            .Decision("ReportPatrolResult",
                "A county reports its on-site result of the monthly patrol today (due within the report days, 5, of its prefecture's forwarding).");

        campaigns.MapGet("/", async (string? holder, int? limit, int? offset, IMediator mediator, HttpContext http) =>
                TypedResults.Ok(await mediator.Send(new ListInspectionCampaigns(holder, limit ?? 100, offset ?? 0), http.RequestAborted)))
            .Query("ListInspectionCampaigns",
                "Campaigns the user may see, newest first, each narrowed to what concerns the user's area; holder narrows to one holder's.");

        campaigns.MapGet("/overdue", async (Guid? campaignId, IMediator mediator, HttpContext http) =>
                TypedResults.Ok(await mediator.Send(new ListOverduePatrolSteps(campaignId), http.RequestAborted)))
            .Query("ListOverduePatrolSteps",
                "The monthly patrols' steps overdue today or done late, per level: prefectures forwarding, counties reporting; campaignId narrows to one.");

        campaigns.MapGet("/rechecks/{recheckId:guid}", async (Guid recheckId, IMediator mediator, HttpContext http) =>
                EndpointResults.View(http, await mediator.Send(new GetRectificationRecheck(recheckId), http.RequestAborted)))
            .VersionedQuery("GetRectificationRecheck", "A re-check that confirmed rectification, the record the lifted freezes and resumed storage cite.");

        campaigns.MapGet("/{campaignId:guid}", async (Guid campaignId, IMediator mediator, HttpContext http) =>
                EndpointResults.View(http, await mediator.Send(new GetInspectionCampaign(campaignId), http.RequestAborted)))
            .VersionedQuery("GetInspectionCampaign",
                "A campaign: problem list, field sample, field results, R5 decisions and patrol steps; the centre sees all with its history, others their area's part.");
    }
}
