using Microsoft.OpenApi;

namespace QuotaLedger.Api.Shared;

public static class OpenApi
{
    public const string DocumentName = "v1";

    public static void AddLedgerOpenApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddEndpointsApiExplorer();
        builder.Services.AddSwaggerGen(o =>
        {
            o.SwaggerDoc(DocumentName, new OpenApiInfo
            {
                Title = "QuotaLedger",
                Version = "v1",
                Description = "Inner Mongolia's land-quota ledger: storage, transfers, freezing, consumption and deduction of " +
                              "replenishment and linkage surplus quota, and its sale to buyers of other provinces (trading: " +
                              "listings, auctions, deposits, deals, delivery; public notices under /public/v1 need no token). Every change is an event kept for ever. Send a bearer " +
                              "token (./run.sh token <role> <org>), an Idempotency-Key on POSTs, and If-Match with an ETag to " +
                              "decide on the version you saw. Errors are ProblemDetails whose type names the rule.",
            });
            // Nested request and response types share short names across capabilities; full names keep schema ids unique.
            o.CustomSchemaIds(t => SchemaId(t));
            // A double cannot carry every decimal exactly; the reader refuses any number a decimal does not hold exactly.
            o.MapType<decimal>(() => new OpenApiSchema { Type = JsonSchemaType.Number, Format = "decimal" });
            o.SchemaFilter<JsonContractSchemaFilter>();
            o.SchemaFilter<MeasuresSchemaFilter>();
            o.OperationFilter<ProblemsAndHeadersFilter>();
            o.OperationFilter<Oversight.ExportsFilter>();
            o.AddSecurityDefinition("bearer", new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "JWT",
                Description = "A token with claims sub, role (centre, prefecture, county, buyer) and org (region code or buyer id).",
            });
            o.AddSecurityRequirement(document => new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference("bearer", document)] = [],
            });
        });
    }

    public static void UseLedgerOpenApi(this WebApplication app)
    {
        app.UseSwagger();
        app.UseSwaggerUI(o =>
        {
            o.SwaggerEndpoint($"/swagger/{DocumentName}/swagger.json", "QuotaLedger v1");
            o.EnablePersistAuthorization();
        });
    }

    private static string SchemaId(Type type)
    {
        var name = type.IsGenericType
            ? type.Name[..type.Name.IndexOf('`')] + "Of" + string.Concat(type.GetGenericArguments().Select(SchemaId))
            : type.Name;
        return type.DeclaringType is { } outer ? SchemaId(outer) + name : name;
    }
}
