using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Application.Shared;

/// <summary>
/// Which holders a user may see and act for: a county its own, a prefecture itself and its counties, the centre all.
/// A refusal names a holder only where the user named it in the request: of a resource the user may not reach it says
/// nothing, so that an outsider learns no holder codes or versions of what it may not see.
/// </summary>
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

    /// <summary>A holder the request names (a path or query parameter).</summary>
    public void RequireSee(Actor actor, string holder)
    {
        if (!CanSee(actor, holder))
            throw new ForbiddenException($"A {Describe(actor)} may not see or act for {holder}.");
    }

    /// <summary>A resource the user asks for by id: it must concern a holder the user may see.</summary>
    public void RequireSee<T>(Actor actor, T resource) where T : class, IAggregate<T>
    {
        if (!CanSeeAny(actor, resource.Parties))
            throw new ForbiddenException($"A {Describe(actor)} may not see this {LedgerSession.Describe<T>()}.");
    }

    public void RequireCentre(Actor actor, string action)
    {
        if (actor.Role != Role.Centre)
            throw new ForbiddenException($"Only the land reserve centre may {action}; the request came from a {Describe(actor)}.");
    }

    /// <summary>A holder the request names, for which the user acts: see <see cref="MayActFor"/>.</summary>
    public void RequireActFor(Actor actor, string holder)
    {
        if (!MayActFor(actor, holder)) throw new ForbiddenException($"A {Describe(actor)} may not act for {holder}.");
    }

    /// <summary>A resource the user acts on by id (a transfer it sends, its link, application or project), for its holder.</summary>
    public void RequireActOn<T>(Actor actor, string holder) where T : class, IAggregate<T>
    {
        if (!MayActFor(actor, holder))
            throw new ForbiddenException(
                $"A {Describe(actor)} may not act on this {LedgerSession.Describe<T>()}: a county or prefecture acts for itself only.");
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
        if (!allowed)
            throw new ForbiddenException(
                $"A {Describe(actor)} may not decide this transfer: the centre decides transfers, a prefecture those between two of its own counties.");
    }

    /// <summary>
    /// A prefecture's reports (plan progress, R10): the centre any; a prefecture its own; a county its own prefecture's,
    /// the report its quota counts towards.
    /// </summary>
    public void RequireSeePrefectureReport(Actor actor, string prefecture)
    {
        var allowed = actor.Role switch
        {
            Role.Centre => true,
            Role.Prefecture => actor.Organisation == prefecture,
            Role.County => regions.IsCounty(actor.Organisation) && regions.PrefectureOf(actor.Organisation) == prefecture,
            _ => false,
        };
        if (!allowed)
            throw new ForbiddenException(
                $"A {Describe(actor)} may not see the reports of {prefecture}: a prefecture sees its own, a county its prefecture's.");
    }

    /// <summary>A county acts for itself; the centre for anyone; a prefecture for itself.</summary>
    private static bool MayActFor(Actor actor, string holder) => actor.Role switch
    {
        Role.Centre => true,
        Role.Prefecture or Role.County => holder == actor.Organisation,
        _ => false,
    };

    private static string Describe(Actor actor) => $"{actor.Role.ToString().ToLowerInvariant()} user of {actor.Organisation}";
}
