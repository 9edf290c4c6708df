using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Storage.StorageApplications;
using static QuotaLedger.Domain.Tests.Support.Scenario;

namespace QuotaLedger.Domain.Tests.Storage;

/// <summary>The verification tolerance is data the centre sets with effective dates (domain brief §4), 10% until it does.</summary>
public class StoragePolicyTests
{
    private static readonly DateOnly Today = new(2026, 3, 2);

    private static StoragePolicy PolicyAfter(params VerificationToleranceSet[] settings) =>
        Given(settings).Find<StoragePolicy>() ?? StoragePolicy.Initial;

    [Fact]
    public void Until_the_centre_sets_one_the_tolerance_is_10_percent() =>
        Assert.Equal(10m, StoragePolicy.Initial.VerificationTolerancePercentOn(Today));

    [Fact]
    public void A_tolerance_applies_from_its_effective_date_on()
    {
        var policy = PolicyAfter(new VerificationToleranceSet(5, Today.AddDays(10), "tighter checks from April"));

        Assert.Equal(10m, policy.VerificationTolerancePercentOn(Today.AddDays(9)));
        Assert.Equal(5m, policy.VerificationTolerancePercentOn(Today.AddDays(10)));
        Assert.Equal(5m, policy.VerificationTolerancePercentOn(Today.AddYears(3)));
    }

    [Fact]
    public void Each_day_takes_the_tolerance_with_the_latest_effective_date_on_or_before_it()
    {
        var policy = PolicyAfter(
            new VerificationToleranceSet(5, Today.AddDays(30), "from April"),
            new VerificationToleranceSet(8, Today.AddDays(10), "from mid-March, set later"));

        Assert.Equal(10m, policy.VerificationTolerancePercentOn(Today));
        Assert.Equal(8m, policy.VerificationTolerancePercentOn(Today.AddDays(20)));
        Assert.Equal(5m, policy.VerificationTolerancePercentOn(Today.AddDays(30)));
    }

    [Fact]
    public void Of_two_tolerances_set_for_one_day_the_later_set_applies() =>
        Assert.Equal(7m, PolicyAfter(
                new VerificationToleranceSet(5, Today, "first"),
                new VerificationToleranceSet(7, Today, "corrected the same day"))
            .VerificationTolerancePercentOn(Today));

    [Fact]
    public void The_centre_sets_a_tolerance_from_today() =>
        Nothing.When(_ => StoragePolicy.SetVerificationTolerance(12.5m, Today, Today, "drone survey margin"))
            .Then(new VerificationToleranceSet(12.5m, Today, "drone survey margin"));

    [Fact]
    public void A_tolerance_from_a_past_day_is_refused() =>
        Nothing.When(_ => StoragePolicy.SetVerificationTolerance(5, Today.AddDays(-1), Today, "backdated"))
            .ThenRefused(Rule.RetroactivePolicy);
}
