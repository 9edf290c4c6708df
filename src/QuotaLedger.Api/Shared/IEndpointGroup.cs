using Microsoft.AspNetCore.Http.HttpResults;
using QuotaLedger.Api.Shared.Commands;
using QuotaLedger.Application.Shared;
using QuotaLedger.Application.Ledger.Lots;

namespace QuotaLedger.Api.Shared;

/// <summary>A capability's endpoints; every implementation in this assembly is mapped under <c>/api/v1</c>.</summary>
public interface IEndpointGroup
{
    void Map(RouteGroupBuilder api);
}
