using System.Collections;
using System.Runtime.CompilerServices;
using QuotaLedger.Domain.Ledger.Deductions;
using QuotaLedger.Domain.Ledger.Freezes;
using QuotaLedger.Domain.Ledger.Links;
using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Ledger.Transfers;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Storage.Projects;
using QuotaLedger.Domain.Storage.StorageApplications;
using QuotaLedger.Domain.Storage.Suspensions;

namespace QuotaLedger.Domain.Tests.Support;

/// <summary>
/// Events folded into the aggregates they belong to, each with its own Evolve, the way the store rebuilds them.
/// Aggregates are kept in the order their streams started, so "oldest lot first" holds as in the real ledger.
/// </summary>
public sealed class History
{
    private readonly List<IDomainEvent> journal = [];
    private readonly Dictionary<Type, IDictionary> streams = [];

    public History(IEnumerable<IDomainEvent> events) => Record(events);

    public IReadOnlyList<IDomainEvent> Journal => journal;

    public void Record(IEnumerable<IDomainEvent> events)
    {
        foreach (var e in events)
        {
            journal.Add(e);
            Route(e);
        }
    }

    public IReadOnlyList<T> All<T>() where T : class, IAggregate<T> => Streams<T>().Values.ToList();

    public T Get<T>(Guid id) where T : class, IAggregate<T> =>
        Streams<T>().TryGetValue(id, out var state) ? state : throw new InvalidOperationException($"No {typeof(T).Name} {id} in the history.");

    /// <summary>The only aggregate of its type in the history.</summary>
    public T The<T>() where T : class, IAggregate<T> => Assert.Single(All<T>());

    public T? Find<T>() where T : class, IAggregate<T> => All<T>().SingleOrDefault();

    public Lot Lot(Guid id) => Get<Lot>(id);

    public IReadOnlyDictionary<Guid, Lot> Lots => Streams<Lot>();

    /// <summary>The lots of a holder and kind, oldest first, as a handler would load them.</summary>
    public IReadOnlyList<Lot> LotsOf(string holder, QuotaKind kind = QuotaKind.Replenishment) =>
        All<Lot>().Where(l => l.Holder == holder && l.Kind == kind).ToList();

    /// <summary>Runs a decision against this history without changing it.</summary>
    public Outcome When(Func<History, object> decide)
    {
        try
        {
            return new Outcome(this, Decided.Events(decide(this)), null);
        }
        catch (RuleViolationException refusal)
        {
            return new Outcome(this, [], refusal);
        }
    }

    private OrderedDictionary<Guid, T> Streams<T>() where T : class, IAggregate<T>
    {
        if (!streams.TryGetValue(typeof(T), out var store)) streams[typeof(T)] = store = new OrderedDictionary<Guid, T>();
        return (OrderedDictionary<Guid, T>)store;
    }

    private void Evolve<T>(Guid id, IDomainEvent e) where T : class, IAggregate<T>
    {
        var store = Streams<T>();
        store[id] = T.Evolve(store.GetValueOrDefault(id), e)
                    ?? throw new InvalidOperationException($"{e.GetType().Name} left {typeof(T).Name} {id} empty.");
    }

    private void Route(IDomainEvent e)
    {
        switch (e)
        {
            case LotEvent x: Evolve<Lot>(x.LotId, e); break;
            case ProjectRegistered x: Evolve<Project>(x.ProjectId, e); break;
            case ProjectPlanAmended x: Evolve<Project>(x.ProjectId, e); break;
            case StorageApplicationSubmitted x: Evolve<StorageApplication>(x.ApplicationId, e); break;
            case StorageApplicationWithdrawn x: Evolve<StorageApplication>(x.ApplicationId, e); break;
            case StorageApplicationApproved x: Evolve<StorageApplication>(x.ApplicationId, e); break;
            case StorageApplicationRejected x: Evolve<StorageApplication>(x.ApplicationId, e); break;
            case StorageApprovalReversed x: Evolve<StorageApplication>(x.ApplicationId, e); break;
            case StorageApplicationsSuspended x: Evolve<StorageSuspension>(StorageSuspension.StreamIdOf(x.RegionCode), e); break;
            case StorageApplicationsResumed x: Evolve<StorageSuspension>(StorageSuspension.StreamIdOf(x.RegionCode), e); break;
            case VerificationToleranceSet: Evolve<StoragePolicy>(StoragePolicy.StreamId, e); break;
            case TransferProposed x: Evolve<Transfer>(x.TransferId, e); break;
            case TransferApproved x: Evolve<Transfer>(x.TransferId, e); break;
            case TransferRejected x: Evolve<Transfer>(x.TransferId, e); break;
            case TransferWithdrawn x: Evolve<Transfer>(x.TransferId, e); break;
            case QuotaLinked x: Evolve<QuotaLink>(x.LinkId, e); break;
            case LinkedQuotaWrittenOff x: Evolve<QuotaLink>(x.LinkId, e); break;
            case QuotaUnlinked x: Evolve<QuotaLink>(x.LinkId, e); break;
            case LinkWriteOffReversed x: Evolve<QuotaLink>(x.LinkId, e); break;
            case FreezeImposed x: Evolve<Freeze>(x.FreezeId, e); break;
            case FreezeLifted x: Evolve<Freeze>(x.FreezeId, e); break;
            case DeductionImposed x: Evolve<Deduction>(x.DeductionId, e); break;
            case DeductionReversed x: Evolve<Deduction>(x.DeductionId, e); break;
            default: throw new InvalidOperationException($"The test history does not know where {e.GetType().Name} belongs.");
        }
    }
}

/// <summary>Deciders return one event, a tuple of events or lists of them; this flattens any of those in order.</summary>
public static class Decided
{
    public static IReadOnlyList<IDomainEvent> Events(object? decided) => decided switch
    {
        null => [],
        IDomainEvent e => [e],
        ITuple tuple => Enumerable.Range(0, tuple.Length).SelectMany(i => Events(tuple[i])).ToList(),
        IEnumerable many => many.Cast<object>().SelectMany(Events).ToList(),
        _ => throw new InvalidOperationException($"{decided.GetType().Name} is not a decision's result."),
    };
}
