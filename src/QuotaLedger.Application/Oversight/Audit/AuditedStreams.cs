using Marten;
using QuotaLedger.Application.Shared.Documents;

namespace QuotaLedger.Application.Oversight.Audit;

/// <summary>
/// What the audit query knows of every stream from its aggregate's document: the stream type, the holders it concerns
/// with their prefectures (the document's <c>scope</c>, the same codes its readers are checked against), and its quota
/// kind where the aggregate has one. One <c>UNION ALL</c> over the document tables of every aggregate the store keeps,
/// so that an aggregate a module adds is audited without a change here.
/// </summary>
public sealed class AuditedStreams
{
    public AuditedStreams(IDocumentStore store)
    {
        var documents = store.Options.AllKnownDocumentTypes()
            .Where(d => d.DocumentType.IsGenericType && d.DocumentType.GetGenericTypeDefinition() == typeof(AggregateDocument<>))
            .Select(d => (StreamType: (string)d.DocumentType.GetGenericArguments()[0].GetProperty("StreamType")!.GetValue(null)!,
                Table: d.TableName.QualifiedName))
            .OrderBy(d => d.StreamType, StringComparer.Ordinal)
            .ToArray();
        Sql = string.Join("\nUNION ALL ", documents.Select(d =>
            $"SELECT id, '{d.StreamType}'::text AS stream_type, data->'scope' AS scope, data->'state'->>'kind' AS kind FROM {d.Table}"));
        EventTypes = store.Options.Events.AllKnownEventTypes().ToDictionary(t => t.EventTypeName, t => t.EventType);
    }

    /// <summary>Rows of (id, stream_type, scope, kind), one per stream that has a document.</summary>
    public string Sql { get; }

    /// <summary>Every event type the store knows, by its stored name (<c>lot_issued</c>).</summary>
    public IReadOnlyDictionary<string, Type> EventTypes { get; }
}
