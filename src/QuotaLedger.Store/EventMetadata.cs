using JasperFx.Events;

namespace QuotaLedger.Store;

/// <summary>Who did it, for which organisation, when, why, and which request it belongs to (R11).</summary>
/// <remarks>
/// Kept in Marten's metadata: the actor as its user name, the correlation and causation ids in their columns, the
/// organisation and the reason as headers.
/// </remarks>
public sealed record EventMetadata(
    string Actor,
    string Organisation,
    DateTimeOffset Timestamp,
    string? Reason,
    Guid CorrelationId,
    Guid? CausationId = null)
{
    public const string OrganisationHeader = "organisation";
    public const string ReasonHeader = "reason";

    public static EventMetadata Of(IEvent e) => new(
        e.UserName ?? "",
        e.Headers?.GetValueOrDefault(OrganisationHeader)?.ToString() ?? "",
        e.Timestamp,
        e.Headers?.GetValueOrDefault(ReasonHeader)?.ToString(),
        Guid.TryParse(e.CorrelationId, out var correlation) ? correlation : Guid.Empty,
        Guid.TryParse(e.CausationId, out var causation) ? causation : null);
}
