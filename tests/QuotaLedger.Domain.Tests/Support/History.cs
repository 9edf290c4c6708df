using System.Collections;
using System.Runtime.CompilerServices;
using QuotaLedger.Domain.Ledger.Deductions;
using QuotaLedger.Domain.Ledger.Freezes;
using QuotaLedger.Domain.Ledger.Links;
using QuotaLedger.Domain.Ledger.Lots;
using QuotaLedger.Domain.Ledger.Transfers;
using QuotaLedger.Domain.Oversight.Commitments;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Storage.Projects;
using QuotaLedger.Domain.Storage.StorageApplications;
using QuotaLedger.Domain.Storage.Suspensions;
using QuotaLedger.Domain.Trading.Agreements;
using QuotaLedger.Domain.Trading.Buyers;
using QuotaLedger.Domain.Trading.Deals;
using QuotaLedger.Domain.Trading.Deposits;
using QuotaLedger.Domain.Trading.Listings;
using QuotaLedger.Domain.Trading.Parameters;

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

    public T? Find<T>(Guid id) where T : class, IAggregate<T> => Streams<T>().GetValueOrDefault(id);

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
            case TradingParametersSet: Evolve<TradingParameters>(TradingParameters.StreamId, e); break;
            case IEventOf<Buyer>: Evolve<Buyer>(BuyerOf(e), e); break;
            case IEventOf<Listing>: Evolve<Listing>(ListingOf(e), e); break;
            case IEventOf<Deposit>: Evolve<Deposit>(DepositOf(e), e); break;
            case IEventOf<Deal>: Evolve<Deal>(DealOf(e), e); break;
            case IEventOf<Agreement>: Evolve<Agreement>(AgreementOf(e), e); break;
            case IEventOf<ReclamationCommitment>: Evolve<ReclamationCommitment>(CommitmentOf(e), e); break;
            case QuotaDebtIncurred x: Evolve<CountyQuotaDebt>(CountyQuotaDebt.StreamIdOf(x.County), e); break;
            case QuotaDebtRepaid x: Evolve<CountyQuotaDebt>(CountyQuotaDebt.StreamIdOf(x.County), e); break;
            default: throw Unknown(e);
        }
    }

    private static Guid BuyerOf(IDomainEvent e) => e switch
    {
        BuyerRegistered x => x.BuyerId,
        BuyerSuspended x => x.BuyerId,
        BuyerBarred x => x.BuyerId,
        BuyerReinstated x => x.BuyerId,
        _ => throw Unknown(e),
    };

    private static Guid ListingOf(IDomainEvent e) => e switch
    {
        ListingDrafted x => x.ListingId,
        ListingConsentGiven x => x.ListingId,
        ListingSubmitted x => x.ListingId,
        ListingReviewRejected x => x.ListingId,
        ListingPublished x => x.ListingId,
        ListingTradingOpened x => x.ListingId,
        ListingOrderPlaced x => x.ListingId,
        ListingBidPlaced x => x.ListingId,
        ListingClosed x => x.ListingId,
        ListingProvisionallyAwarded x => x.ListingId,
        ListingNotSold x => x.ListingId,
        ListingResultPublicised x => x.ListingId,
        ListingConcluded x => x.ListingId,
        ListingSuspended x => x.ListingId,
        ListingResumed x => x.ListingId,
        ListingWithdrawn x => x.ListingId,
        ListingTerminated x => x.ListingId,
        ListingDealSettled x => x.ListingId,
        _ => throw Unknown(e),
    };

    private static Guid DepositOf(IDomainEvent e) => e switch
    {
        DepositDeclared x => x.DepositId,
        DepositReceived x => x.DepositId,
        DepositCredited x => x.DepositId,
        DepositRefunded x => x.DepositId,
        DepositForfeited x => x.DepositId,
        _ => throw Unknown(e),
    };

    private static Guid DealOf(IDomainEvent e) => e switch
    {
        DealConcluded x => x.DealId,
        DealPaymentReferenceSubmitted x => x.DealId,
        DealPaymentConfirmed x => x.DealId,
        DealPaid x => x.DealId,
        DealDelivered x => x.DealId,
        DealDefaulted x => x.DealId,
        _ => throw Unknown(e),
    };

    private static Guid AgreementOf(IDomainEvent e) => e switch
    {
        AgreementRecorded x => x.AgreementId,
        AgreementApproved x => x.AgreementId,
        AgreementRejected x => x.AgreementId,
        _ => throw Unknown(e),
    };

    private static Guid CommitmentOf(IDomainEvent e) => e switch
    {
        ReclamationCommitmentRecorded x => x.CommitmentId,
        ReclamationCommitmentFulfilled x => x.CommitmentId,
        ReclamationCommitmentDefaulted x => x.CommitmentId,
        _ => throw Unknown(e),
    };

    private static InvalidOperationException Unknown(IDomainEvent e) =>
        new($"The test history does not know where {e.GetType().Name} belongs.");
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
