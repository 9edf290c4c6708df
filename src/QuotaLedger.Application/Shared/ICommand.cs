using MediatR;

namespace QuotaLedger.Application.Shared;

/// <summary>A request that changes the ledger: run in one transaction, idempotent under an Idempotency-Key.</summary>
public interface ICommand<out TResponse> : IRequest<TResponse>;
