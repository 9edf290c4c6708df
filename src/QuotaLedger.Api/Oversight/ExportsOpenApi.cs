using Microsoft.OpenApi;
using QuotaLedger.Api.Shared;
using QuotaLedger.Application.Oversight.Exports;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace QuotaLedger.Api.Oversight;

/// <summary>Marks an export: its 200 answer is the report's JSON or its CSV, as the format parameter asks.</summary>
public sealed class ExportsFile
{
    public static readonly ExportsFile Instance = new();
}

public static class ExportsOpenApi
{
    /// <summary>A query whose answer is a file: <typeparamref name="TReport"/> as JSON, or its lines as CSV.</summary>
    public static RouteHandlerBuilder Export<TReport>(this RouteHandlerBuilder builder, string operationId, string summary) =>
        builder.Query(operationId, summary)
            .Produces<TReport>(StatusCodes.Status200OK, ExportFormat.JsonContentType, ExportFormat.CsvContentType)
            .WithMetadata(ExportsFile.Instance);
}

/// <summary>
/// Documents an export's CSV as text (the same 200 answer otherwise gives both media types the report's schema), its
/// file name in Content-Disposition, and the format parameter's two values.
/// </summary>
public sealed class ExportsFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (!context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<ExportsFile>().Any()) return;
        var ok = (OpenApiResponse)operation.Responses!["200"];
        ok.Description = "The report as a file: JSON (format=json), or CSV (format=csv, the default) in UTF-8 with a byte order mark, " +
                         "one line per row, headers in Chinese with the English name beside.";
        ok.Content![ExportFormat.CsvContentType] = new OpenApiMediaType
        {
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = "RFC 4180 CSV, UTF-8 with a byte order mark." },
        };
        ok.Headers = new Dictionary<string, IOpenApiHeader>
        {
            ["Content-Disposition"] = new OpenApiHeader
            {
                Description = "attachment, with the file name to save the export under (e.g. balances-all-20260302T080000Z.csv).",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            },
        };
        if (operation.Parameters?.OfType<OpenApiParameter>().FirstOrDefault(p => p.Name == "format") is { } format)
        {
            format.Description = "csv (the default) or json.";
            format.Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Enum = [System.Text.Json.Nodes.JsonValue.Create(ExportFormat.Csv), System.Text.Json.Nodes.JsonValue.Create(ExportFormat.Json)],
                Default = System.Text.Json.Nodes.JsonValue.Create(ExportFormat.Csv),
            };
        }
    }
}
