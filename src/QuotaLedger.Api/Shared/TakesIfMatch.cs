using Microsoft.AspNetCore.Http.HttpResults;
using QuotaLedger.Api.Shared.Commands;
using QuotaLedger.Application.Shared;
using QuotaLedger.Application.Ledger.Lots;

namespace QuotaLedger.Api.Shared;

/// <summary>Endpoint metadata for the OpenAPI document: the operation reads an If-Match header.</summary>
public sealed class TakesIfMatch
{
    public static readonly TakesIfMatch Instance = new();
}
