using Microsoft.AspNetCore.Http.HttpResults;
using QuotaLedger.Api.Shared.Commands;
using QuotaLedger.Application.Shared;
using QuotaLedger.Application.Ledger.Lots;

namespace QuotaLedger.Api.Shared;

/// <summary>Endpoint metadata for the OpenAPI document: the operation answers with an ETag header.</summary>
public sealed class AnswersWithETag
{
    public static readonly AnswersWithETag Instance = new();
}
