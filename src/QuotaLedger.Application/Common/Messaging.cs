using MediatR;

namespace QuotaLedger.Application.Common;

/// <summary>A request that changes the ledger: run in one transaction, idempotent under an Idempotency-Key.</summary>
public interface ICommand<out TResponse> : IRequest<TResponse>;

/// <summary>A request that only reads.</summary>
public interface IQuery<out TResponse> : IRequest<TResponse>;

/// <summary>A command whose reason is recorded on every event it causes (R11).</summary>
public interface IHasReason
{
    string? Reason { get; }
}
