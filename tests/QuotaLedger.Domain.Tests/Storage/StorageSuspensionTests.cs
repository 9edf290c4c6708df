using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Storage.Suspensions;
using static QuotaLedger.Domain.Tests.Support.Examples;
using static QuotaLedger.Domain.Tests.Support.Scenario;

namespace QuotaLedger.Domain.Tests.Storage;

/// <summary>R5: storage applications stop where abandoned farmland reaches 10% and resume after rectification.</summary>
public class StorageSuspensionTests
{
    private const string Abandoned = "imagery check 2024: 12% of new farmland abandoned";
    private const string Rectified = "rectification confirmed";

    private static readonly StorageApplicationsSuspended Suspended = new(Xincheng, Abandoned);
    private static readonly StorageApplicationsResumed Resumed = new(Xincheng, Rectified);

    [Fact]
    public void An_area_never_suspended_can_be_suspended() =>
        Nothing.When(h => StorageSuspension.Suspend(h.Find<StorageSuspension>(), Xincheng, Abandoned)).Then(Suspended);

    [Fact]
    public void A_suspended_area_is_not_suspended_twice() =>
        Given(Suspended).When(h => StorageSuspension.Suspend(h.Find<StorageSuspension>(), Xincheng, Abandoned))
            .ThenRefused(Rule.InvalidState);

    [Fact]
    public void A_suspended_area_resumes_after_rectification()
    {
        var outcome = Given(Suspended).When(h => StorageSuspension.Resume(h.Find<StorageSuspension>(), Xincheng, Rectified));

        outcome.Then(Resumed);
        Assert.False(outcome.Applied.The<StorageSuspension>().Suspended);
    }

    [Fact]
    public void An_area_never_suspended_cannot_resume() =>
        Nothing.When(h => StorageSuspension.Resume(h.Find<StorageSuspension>(), Xincheng, Rectified)).ThenRefused(Rule.InvalidState);

    [Fact]
    public void A_resumed_area_cannot_resume_again() =>
        Given(Suspended, Resumed).When(h => StorageSuspension.Resume(h.Find<StorageSuspension>(), Xincheng, Rectified))
            .ThenRefused(Rule.InvalidState);

    [Fact]
    public void A_resumed_area_can_be_suspended_again()
    {
        var after = Given(Suspended, Resumed).When(h => StorageSuspension.Suspend(h.Find<StorageSuspension>(), Xincheng, Abandoned)).Applied;

        Assert.Equal(new StorageSuspension(Xincheng, true, Abandoned), after.The<StorageSuspension>());
    }

    [Fact]
    public void Each_area_has_its_own_stable_stream() =>
        Assert.Equal(
            (true, false),
            (StorageSuspension.StreamIdOf(Xincheng) == StorageSuspension.StreamIdOf(Xincheng),
                StorageSuspension.StreamIdOf(Xincheng) == StorageSuspension.StreamIdOf(Hohhot)));
}
