namespace QuotaLedger.Api.Shared;

/// <summary>Endpoint metadata for the OpenAPI document: the operation reads an If-Match header.</summary>
public sealed class TakesIfMatch
{
    public static readonly TakesIfMatch Instance = new();
}
