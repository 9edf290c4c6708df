using MediatR;

namespace QuotaLedger.Application.Shared;

/// <summary>A request that only reads.</summary>
public interface IQuery<out TResponse> : IRequest<TResponse>;
