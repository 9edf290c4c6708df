using QuotaLedger.Domain.Shared;

namespace QuotaLedger.Domain.Tests.Shared;

public sealed class EventTests
{
    private static readonly Type[] Events = typeof(IDomainEvent).Assembly.GetTypes()
        .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(IDomainEvent).IsAssignableFrom(t)).ToArray();

    [Fact]
    public void Every_event_belongs_to_exactly_one_aggregate_so_that_its_projection_folds_it()
    {
        var orphans = Events.Where(e => e.GetInterfaces().Count(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEventOf<>)) != 1);

        Assert.Empty(orphans.Select(t => t.Name));
    }

    [Fact]
    public void Every_event_is_an_immutable_record_named_in_the_past_tense()
    {
        var notRecords = Events.Where(e => e.GetMethod("<Clone>$") is null || e.GetProperties().Any(p => p.SetMethod is { } set
            && !set.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(System.Runtime.CompilerServices.IsExternalInit))));
        string[] pastTense = ["ed", "en", "wn", "Set", "Off", "Sold", "Paid", "Repaid"]; // approved, frozen, withdrawn; set; written off; sold, paid, repaid
        var notPastTense = Events.Where(e => !pastTense.Any(e.Name.EndsWith));

        Assert.Empty(notRecords.Select(t => t.Name));
        Assert.Empty(notPastTense.Select(t => t.Name));
    }
}
