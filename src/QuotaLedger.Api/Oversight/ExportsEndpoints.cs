using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using QuotaLedger.Api.Shared;
using QuotaLedger.Application.Ledger.Holders;
using QuotaLedger.Application.Oversight.Exports;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Oversight.Inspections;
using QuotaLedger.Domain.Oversight.Progress;

namespace QuotaLedger.Api.Oversight;

/// <summary>
/// Downloads of the centre's reports, as CSV (UTF-8 with a byte order mark, Chinese headers with the English name beside)
/// or as the reports' JSON; each with a file name to save it under.
/// </summary>
public sealed class ExportsEndpoints : IEndpointGroup
{
    public void Map(RouteGroupBuilder api)
    {
        var exports = api.MapGroup("/oversight/exports").WithTags("Exports");

        exports.MapGet("/balances", async (string? format, string? holder, DateTimeOffset? asOf, IMediator mediator, HttpContext http) =>
                Download(await mediator.Send(new ExportBalances(format ?? ExportFormat.Csv, holder, asOf), http.RequestAborted)))
            .Export<IReadOnlyList<HolderBalances>>("ExportBalances",
                "Balances per holder, kind and bucket at asOf (now when not given): of one holder, or of every holder the user may see; " +
                "the JSON is GetHolderBalances' answer for each.");

        exports.MapGet("/movements",
                // The holder is required, but bound as optional so that its absence is a validation problem naming it.
                async (string? holder, string? format, DateTimeOffset? from, DateTimeOffset? to, IMediator mediator, HttpContext http) =>
                    Download(await mediator.Send(new ExportMovements(holder ?? "", format ?? ExportFormat.Csv, from, to), http.RequestAborted)))
            .Export<IReadOnlyList<HolderHistoryLine>>("ExportMovements",
                "A holder's journal lines from from to to (both inclusive; to is now when not given), newest first: lot (its stream), " +
                "bucket, measures, time, event type, operation, actor, organisation and reason; the JSON is GetHolderHistory's lines.");

        exports.MapGet("/progress",
                async (string? period, string? format, string? kind, string? prefecture, DateTimeOffset? asOf, IMediator mediator, HttpContext http) =>
                    Download(await mediator.Send(new ExportProgress(period!, format ?? ExportFormat.Csv, kind, prefecture, asOf), http.RequestAborted)))
            .Export<PlanProgress>("ExportProgress",
                "R10 plan progress for the period (2022, or 2021-2025), kind and prefecture, as of asOf (now when not given): a line per " +
                "prefecture and kind, per county behind it and per total; the JSON is GetPlanProgress' answer.");

        exports.MapGet("/campaigns", async (string? format, string? holder, IMediator mediator, HttpContext http) =>
                Download(await mediator.Send(new ExportCampaigns(format ?? ExportFormat.Csv, holder), http.RequestAborted)))
            .Export<IReadOnlyList<ResourceView<InspectionCampaign>>>("ExportCampaigns",
                "R5 inspection campaigns the user may see, newest first (holder narrows them): a line per project of each problem list " +
                "with its sample, field result and the region it counted towards; the JSON is ListInspectionCampaigns' items.");
    }

    private static FileContentHttpResult Download(ExportFile file) => TypedResults.File(file.Content, file.ContentType, file.FileName);
}
