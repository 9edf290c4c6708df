using Marten;
using QuotaLedger.Application.Shared;
using QuotaLedger.Application.Shared.Documents;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Trading.Buyers;

namespace QuotaLedger.Application.Trading.Buyers;

/// <summary>The buyer a buyer user acts for: its token's organisation is the buyer's id.</summary>
public static class BuyerActors
{
    /// <summary>Refused (403) for any other role, or an organisation that is no buyer id.</summary>
    public static Guid IdOf(Actor actor) =>
        actor.Role == Role.Buyer && Guid.TryParse(actor.Organisation, out var id)
            ? id
            : throw new ForbiddenException($"Only a registered buyer takes part in trading; the request came from a {actor.Role.ToString().ToLowerInvariant()} user of {actor.Organisation}.");

    /// <summary>The buyer a buyer user acts for: its token's organisation is the buyer's id, and the centre registered it.</summary>
    public static async Task<Buyer> RequireBuyerAsync(this IQuerySession session, Actor actor, CancellationToken ct)
    {
        var id = IdOf(actor);
        return (await AggregateDocuments.LoadManyAsync<Buyer>(session, [id], ct)).GetValueOrDefault(id)?.State
               ?? throw new ForbiddenException($"Buyer {id} is not registered: the centre registers a buyer before it takes part in trading.");
    }
}
