using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using QuotaLedger.Api.Shared;
using QuotaLedger.Application.Ledger.Holders;
using QuotaLedger.Application.Oversight.Exports;

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
    }

    private static FileContentHttpResult Download(ExportFile file) => TypedResults.File(file.Content, file.ContentType, file.FileName);
}
