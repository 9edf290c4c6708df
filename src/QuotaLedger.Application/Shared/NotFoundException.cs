namespace QuotaLedger.Application.Shared;

public sealed class NotFoundException(string what, object id) : Exception($"{what} {id} was not found.");
