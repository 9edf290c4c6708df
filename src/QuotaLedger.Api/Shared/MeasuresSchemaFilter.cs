using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using QuotaLedger.Domain.Shared;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace QuotaLedger.Api.Shared;

/// <summary>
/// The decimal places each measure keeps (R1, <see cref="Quantities"/>): <c>format: decimal</c> says a measure is exact,
/// not how exact, and a client that rounds to fewer places than the ledger keeps, or sends more, would be surprised.
/// </summary>
public sealed class MeasuresSchemaFilter(IOptions<JsonOptions> json) : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (context.Type != typeof(Measures) || schema is not OpenApiSchema { Properties: { } properties } target) return;
        target.Description =
            $"An amount in three independent measures (R1): area and paddyArea in mu, kept to {Measures.AreaDecimals} decimal places; " +
            $"grainCapacity in kg per year, kept to {Measures.GrainCapacityDecimals}. A measure with more decimal places is refused " +
            "(400 validation), never rounded. Linkage surplus quota carries area only.";
        Describe(properties, nameof(Measures.Area), $"Mu, at most {Measures.AreaDecimals} decimal places.");
        Describe(properties, nameof(Measures.GrainCapacity), $"Kg per year, at most {Measures.GrainCapacityDecimals} decimal places.");
        Describe(properties, nameof(Measures.PaddyArea), $"Mu of paddy field, at most {Measures.AreaDecimals} decimal places.");
    }

    private void Describe(IDictionary<string, IOpenApiSchema> properties, string member, string description)
    {
        var name = json.Value.SerializerOptions.PropertyNamingPolicy?.ConvertName(member) ?? member;
        if (properties[name] is OpenApiSchema measure) measure.Description = description;
    }
}
