using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Api.Shared;

/// <summary>Who the bearer token names, as the API will treat it: the console's sign-in checks a token with it.</summary>
public sealed class MeEndpoints : IEndpointGroup
{
    /// <summary>The organisation's name comes beside its code (organisationName) as everywhere a region is named.</summary>
    public sealed record SignedInUser(string User, string Role, [RegionCode] string Organisation);

    public void Map(RouteGroupBuilder api)
    {
        api.MapGet("/me", (RequestContext context) =>
                TypedResults.Ok(new SignedInUser(context.Actor.UserId, Auth.RoleName(context.Actor.Role), context.Actor.Organisation)))
            .WithTags("Regions")
            .Query("GetSignedInUser",
                "The user, role and organisation the bearer token names (with the organisation's Chinese name when it is one of our regions).");
    }
}
