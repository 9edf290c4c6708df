using QuotaLedger.Application.Ledger;
using QuotaLedger.Application.Ledger.Lots;
using QuotaLedger.Application.Ledger.Totals;
using QuotaLedger.Application.Shared.Documents;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Shared.Regions;
using QuotaLedger.Store;

namespace QuotaLedger.Application.Shared;

/// <summary>An aggregate as loaded, with the stream version its decisions are appended against.</summary>
public sealed record Loaded<T>(T State, long Version);
