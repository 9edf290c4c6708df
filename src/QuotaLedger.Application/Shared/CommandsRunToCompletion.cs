using MediatR;

namespace QuotaLedger.Application.Shared;

/// <summary>
/// The mediator the service uses: a command, once sent, runs to its end whatever becomes of the request that sent it.
/// It shares a connection with the other commands of its group, and a cancelled statement would be the group's
/// (PostgreSQL cancels whatever the connection runs at that moment); its outcome is whole anyway, committed or not.
/// Queries keep the request's cancellation.
/// </summary>
public sealed class CommandsRunToCompletion(ServiceFactory services) : IMediator
{
    private readonly Mediator inner = new(services);

    public Task<TResponse> Send<TResponse>(IRequest<TResponse> request, CancellationToken cancellationToken = default) =>
        inner.Send(request, request is ICommand<TResponse> ? CancellationToken.None : cancellationToken);

    public Task Publish<TNotification>(TNotification notification, CancellationToken cancellationToken = default)
        where TNotification : INotification =>
        inner.Publish(notification, cancellationToken);
}
