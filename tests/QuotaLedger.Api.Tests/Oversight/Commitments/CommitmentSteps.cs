using System.Net;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Ledger.Transfers;
using QuotaLedger.Domain.Oversight.Commitments;
using QuotaLedger.Domain.Shared;
using static QuotaLedger.Api.Tests.Support.Steps;

namespace QuotaLedger.Api.Tests.Oversight.Commitments;

/// <summary>The steps of reclamation commitments (R8) through the API.</summary>
public static class CommitmentSteps
{
    public const string CommitmentsPath = "/api/v1/oversight/commitments";
    public static Measures Quota(decimal area, decimal grainCapacity, decimal paddyArea) => new(area, grainCapacity, paddyArea);

    public static string Debt(string county) => $"/api/v1/oversight/counties/{county}/debt";

    public static object CommitmentBody(string county, Measures amount, DateOnly dueOn, Guid? linkId = null,
        string? consumptionReference = "HH-2026-017 land-use approval", ReclamationSource source = ReclamationSource.MineWasteland) =>
        new { County = county, Source = source, Amount = amount, DueOn = dueOn, LinkId = linkId, ConsumptionReference = linkId is null ? consumptionReference : null,
            Reason = "mine land used before its reclamation was finished" };

    /// <summary>The county records a commitment due in 30 days by the service's clock.</summary>
    public static async Task<Guid> CommitAsync(this LedgerApi api, string county, Measures amount, int dueInDays = 30) =>
        (await (await api.County(county).PostJsonAsync(CommitmentsPath, CommitmentBody(county, amount, api.Clock.Today.AddDays(dueInDays))))
            .ReadAsync<CommandResult>(HttpStatusCode.Created)).Id;

    public static async Task<ReclamationCommitment> CommitmentAsync(this LedgerApi api, Guid id) =>
        (await api.Centre().GetAsync<ResourceView<ReclamationCommitment>>($"{CommitmentsPath}/{id}")).Resource;

    public static async Task<CountyQuotaDebt> DebtAsync(this LedgerApi api, string county) =>
        (await api.Centre().GetAsync<ResourceView<CountyQuotaDebt>>(Debt(county))).Resource;

    public static object FulfilmentBody(Measures verified, DateOnly acceptedOn) =>
        new { Verified = verified, AcceptedOn = acceptedOn, Reason = "reclamation accepted on site" };

    /// <summary>Quota of <paramref name="amount"/> issued to <paramref name="from"/> and moved to <paramref name="to"/> (a prefecture): the new lot.</summary>
    public static async Task<Guid> MovedLotAsync(this LedgerApi api, string from, string to, Measures amount)
    {
        await api.IssueLotAsync(from, QuotaKind.Replenishment, amount);
        var transfer = await api.County(from).ProposeTransferAsync(from, to, QuotaKind.Replenishment, amount);
        await api.Centre().ApproveTransferAsync(transfer);
        return Assert.Single((await api.Centre().GetAsync<ResourceView<Transfer>>($"{Transfers}/{transfer}")).Resource.Received).NewLotId;
    }
}
