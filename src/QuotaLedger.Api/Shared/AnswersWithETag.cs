namespace QuotaLedger.Api.Shared;

/// <summary>Endpoint metadata for the OpenAPI document: the operation answers with an ETag header.</summary>
public sealed class AnswersWithETag
{
    public static readonly AnswersWithETag Instance = new();
}
