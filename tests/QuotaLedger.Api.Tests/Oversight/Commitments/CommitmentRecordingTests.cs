using System.Net;
using QuotaLedger.Api.Tests.Support;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Oversight.Commitments;
using QuotaLedger.Domain.Shared;
using static QuotaLedger.Api.Tests.Oversight.Commitments.CommitmentSteps;
using static QuotaLedger.Api.Tests.Support.Steps;

namespace QuotaLedger.Api.Tests.Oversight.Commitments;

/// <summary>Recording a commitment: what it backs, who may record and see it, and the refusals.</summary>
public sealed class CommitmentRecordingTests(LedgerApi api) : IClassFixture<LedgerApi>
{
    [Fact]
    public async Task A_county_records_a_commitment_backing_its_own_link_and_sees_it_others_do_not()
    {
        const string county = "150702", other = "150703";
        await api.IssueLotAsync(county, QuotaKind.LinkageSurplus, Area(5));
        await api.IssueLotAsync(other, QuotaKind.LinkageSurplus, Area(5));
        var link = await api.County(county).LinkAsync(county, QuotaKind.LinkageSurplus, "HLBE-2026-3", Area(2));
        var othersLink = await api.County(other).LinkAsync(other, QuotaKind.LinkageSurplus, "HLBE-2026-4", Area(2));
        var due = api.Clock.Today.AddDays(90);

        var created = await api.County(county).PostJsonAsync(CommitmentsPath, CommitmentBody(county, Quota(2, 800, 0), due, link, source: ReclamationSource.Linkage),
            idempotencyKey: "commit-hlbe-2026-3");
        var id = (await created.ReadAsync<CommandResult>(HttpStatusCode.Created)).Id;
        Assert.Equal($"/api/v1/oversight/commitments/{id}", created.Headers.Location?.OriginalString);

        var seen = await api.County(county).GetAsync(CommitmentsPath + $"/{id}");
        Assert.Equal("\"1\"", seen.ETag());
        var commitment = (await seen.ReadAsync<ResourceView<ReclamationCommitment>>()).Resource;
        Assert.Equal((county, "150700", link, due, CommitmentStatus.Pending), (commitment.County, commitment.Prefecture, commitment.LinkId, commitment.DueOn, commitment.Status));
        await (await api.County(other).GetAsync(CommitmentsPath + $"/{id}")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal([id], (await api.Prefecture("150700").GetAsync<Page<ResourceView<ReclamationCommitment>>>(CommitmentsPath)).Items.Select(c => c.Resource.Id));
        Assert.Empty((await api.County(other).GetAsync<Page<ResourceView<ReclamationCommitment>>>(CommitmentsPath)).Items);
        Assert.Equal([id], (await api.Centre().GetAsync<Page<ResourceView<ReclamationCommitment>>>(
            $"{CommitmentsPath}?status=pending&dueBefore={due.AddDays(1):yyyy-MM-dd}")).Items.Select(c => c.Resource.Id));
        Assert.Empty((await api.Centre().GetAsync<Page<ResourceView<ReclamationCommitment>>>($"{CommitmentsPath}?dueBefore={due:yyyy-MM-dd}")).Items);

        await (await api.County(county).PostJsonAsync(CommitmentsPath, CommitmentBody(county, Area(1), due, othersLink)))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "commitment-mismatch");
        await (await api.County(county).PostJsonAsync(CommitmentsPath, CommitmentBody(county, Area(1), due, Guid.CreateVersion7())))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "commitment-mismatch");
        await (await api.County(other).PostJsonAsync(CommitmentsPath, CommitmentBody(county, Area(1), due)))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Refusals_name_what_is_wrong()
    {
        const string county = "150802";
        var client = api.County(county);
        await (await client.PostJsonAsync(CommitmentsPath, CommitmentBody(county, Area(1), api.Clock.Today.AddDays(-1))))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "commitment-dates");
        // The centre enters one made before the ledger kept commitments, already overdue: the job deducts it at its next look.
        var overdue = (await (await api.Centre().PostJsonAsync(CommitmentsPath, CommitmentBody(county, Area(1), api.Clock.Today.AddDays(-1))))
            .ReadAsync<CommandResult>(HttpStatusCode.Created)).Id;
        await api.RunDueAsync();
        var deducted = await api.CommitmentAsync(overdue);
        Assert.Equal((CommitmentStatus.Defaulted, Area(1)), (deducted.Status, deducted.Deduction!.Debt));
        await (await client.PostJsonAsync(CommitmentsPath, CommitmentBody(county, Area(1.00001m), api.Clock.Today, consumptionReference: "")))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation", "amount.area", "consumptionReference");
        await (await client.PostJsonAsync(CommitmentsPath, CommitmentBody("150800", Area(1), api.Clock.Today)))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation", "county");
        await (await api.Centre().GetAsync($"{CommitmentsPath}?status=late")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation", "status");
        await (await api.Centre().GetAsync(Debt("150800"))).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation", "county");

        // A county that never owed anything owes nothing.
        var debt = await api.Centre().GetAsync(Debt("150822"));
        Assert.Equal("\"0\"", debt.ETag());
        Assert.Equal(Measures.Zero, (await debt.ReadAsync<ResourceView<CountyQuotaDebt>>()).Resource.Outstanding);
    }
}
