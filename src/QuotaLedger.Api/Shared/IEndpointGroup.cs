namespace QuotaLedger.Api.Shared;

/// <summary>A capability's endpoints; every implementation in this assembly is mapped under <c>/api/v1</c>.</summary>
public interface IEndpointGroup
{
    void Map(RouteGroupBuilder api);
}
