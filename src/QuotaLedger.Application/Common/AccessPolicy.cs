using QuotaLedger.Domain;

namespace QuotaLedger.Application.Common;

/// <summary>Which holders a user may see and act for: a county its own, a prefecture itself and its counties, the centre all.</summary>
public sealed class AccessPolicy(RegionCatalog regions)
{
    public bool CanSee(Actor actor, string holder) => actor.Role switch
    {
        Role.Centre => true,
        Role.Prefecture => regions.IsWithin(holder, actor.Organisation),
        Role.County or Role.Buyer => holder == actor.Organisation,
        _ => false,
    };

    public bool CanSeeAny(Actor actor, IEnumerable<string> parties) => parties.Any(p => CanSee(actor, p));

    public void RequireSee(Actor actor, string holder)
    {
        if (!CanSee(actor, holder))
            throw new ForbiddenException($"A {Describe(actor)} may not see or act for {holder}.");
    }

    public void RequireCentre(Actor actor, string action)
    {
        if (actor.Role != Role.Centre)
            throw new ForbiddenException($"Only the land reserve centre may {action}; the request came from a {Describe(actor)}.");
    }

    /// <summary>A county acts for itself; the centre for anyone; a prefecture for itself.</summary>
    public void RequireActFor(Actor actor, string holder)
    {
        var allowed = actor.Role switch
        {
            Role.Centre => true,
            Role.Prefecture or Role.County => holder == actor.Organisation,
            _ => false,
        };
        if (!allowed) throw new ForbiddenException($"A {Describe(actor)} may not act for {holder}.");
    }

    /// <summary>The centre decides every transfer; a prefecture those between its own counties.</summary>
    public void RequireDecideTransfer(Actor actor, string from, string to)
    {
        var allowed = actor.Role switch
        {
            Role.Centre => true,
            Role.Prefecture => regions.IsCounty(from) && regions.IsCounty(to)
                               && regions.PrefectureOf(from) == actor.Organisation && regions.PrefectureOf(to) == actor.Organisation,
            _ => false,
        };
        if (!allowed) throw new ForbiddenException($"A {Describe(actor)} may not decide a transfer from {from} to {to}.");
    }

    private static string Describe(Actor actor) => $"{actor.Role.ToString().ToLowerInvariant()} user of {actor.Organisation}";
}
