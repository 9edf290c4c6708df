using QuotaLedger.Application.Ledger.Lots;
using QuotaLedger.Store;

namespace QuotaLedger.Application.Shared;

public sealed record Page<T>(IReadOnlyList<T> Items, int Limit, int Offset);
