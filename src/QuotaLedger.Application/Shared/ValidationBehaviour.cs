using FluentValidation;
using MediatR;

namespace QuotaLedger.Application.Shared;

/// <summary>Runs every validator of the request and reports all failures together, before anything is read or written.</summary>
public sealed class ValidationBehaviour<TRequest, TResponse>(IEnumerable<IValidator<TRequest>> validators)
    : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken ct, RequestHandlerDelegate<TResponse> next)
    {
        var failures = new List<FluentValidation.Results.ValidationFailure>();
        foreach (var validator in validators)
            failures.AddRange((await validator.ValidateAsync(new ValidationContext<TRequest>(request), ct)).Errors);
        if (failures.Count > 0) throw new ValidationException(failures);
        return await next();
    }
}
