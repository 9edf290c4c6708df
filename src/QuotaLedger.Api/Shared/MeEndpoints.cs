using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Api.Shared;

/// <summary>Who the bearer token names, as the API will treat it: the console's sign-in checks a token with it.</summary>
public sealed class MeEndpoints : IEndpointGroup
{
    public sealed record SignedInUser(string User, string Role, string Organisation, string? OrganisationName);

    public void Map(RouteGroupBuilder api)
    {
        api.MapGet("/me", (RequestContext context, RegionCatalog regions) =>
                TypedResults.Ok(new SignedInUser(context.Actor.UserId, Auth.RoleName(context.Actor.Role), context.Actor.Organisation,
                    regions.Find(context.Actor.Organisation)?.Name)))
            .WithTags("Regions")
            .Query("GetSignedInUser",
                "The user, role and organisation the bearer token names (with the organisation's Chinese name when it is one of our regions).");
    }
}
