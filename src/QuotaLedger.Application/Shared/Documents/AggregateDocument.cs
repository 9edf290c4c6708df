using QuotaLedger.Domain.Shared;

namespace QuotaLedger.Application.Shared.Documents;

/// <summary>
/// An aggregate's current state as Marten stores it, with what the queries need around it: the stream version (the
/// ETag), the codes of the holders it concerns and their prefectures (so that a scoped list is one indexed query),
/// and the sequence of its first event (lists are newest first).
/// </summary>
/// <remarks>
/// An envelope rather than the aggregate itself, so that the domain's records stay free of storage concerns.
/// </remarks>
public sealed record AggregateDocument<T>(Guid Id, long Version, T State, string[] Scope, long CreatedSequence)
    where T : class, IAggregate<T>;
