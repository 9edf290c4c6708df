using QuotaLedger.Domain.Trading.Deals;
using QuotaLedger.Domain.Trading.Deposits;
using QuotaLedger.Domain.Trading.Proceeds;
using QuotaLedger.Domain.Trading.Settlement;

namespace QuotaLedger.Domain.Tests.Trading;

public sealed class MoneyMovementTests
{
    private static readonly Guid Listing = Guid.CreateVersion7();
    private static readonly Guid Buyer = Guid.CreateVersion7();
    private static readonly Guid DealId = Guid.CreateVersion7();
    private static readonly Guid DepositId = Guid.CreateVersion7();

    [Fact]
    public void A_deposit_is_held_then_counts_towards_the_deal_and_is_kept_when_the_winner_defaults()
    {
        var movements = new Domain.Shared.IDomainEvent[]
        {
            new DepositReceived(DepositId, Listing, Buyer, 2_000m, "centre"),
            new DepositCredited(DepositId, Listing, Buyer, DealId, 1_500m),
            new DepositRefunded(DepositId, Listing, Buyer, 500m, "RF-1", "centre"),
            new DepositForfeited(DepositId, Listing, Buyer, DealId, 1_500m),
        }.SelectMany(MoneyMovement.Of).ToArray();

        Assert.Equal(
            [
                (MoneyAccount.Buyers, MoneyAccount.DepositsHeld, 2_000m),
                (MoneyAccount.DepositsHeld, MoneyAccount.DealsReceivable, 1_500m),
                (MoneyAccount.DepositsHeld, MoneyAccount.Buyers, 500m),
                (MoneyAccount.DealsReceivable, MoneyAccount.DepositsForfeited, 1_500m),
            ],
            movements.Select(m => (m.From, m.To, m.Amount)));
        Assert.Equal(0m, Balance(movements, MoneyAccount.DepositsHeld));
        Assert.Equal(-1_500m, Balance(movements, MoneyAccount.Buyers));
    }

    [Fact]
    public void A_delivered_deal_passes_what_was_received_for_it_to_the_counties_whose_lots_were_delivered()
    {
        var movements = new Domain.Shared.IDomainEvent[]
        {
            new DepositCredited(DepositId, Listing, Buyer, DealId, 1_000m),
            new DealPaymentConfirmed(DealId, Buyer, "BANK-7", 9_000.01m, "centre"),
            new DealDelivered(DealId, Buyer, [], [new CountyProceeds("150102", 2m, 3_000.01m), new CountyProceeds("150121", 4m, 7_000m)]),
        }.SelectMany(MoneyMovement.Of).ToArray();

        Assert.Equal(0m, Balance(movements, MoneyAccount.DealsReceivable));
        Assert.Equal(10_000.01m, Balance(movements, MoneyAccount.CountyProceeds));
        Assert.Equal(["150102", "150121"], movements.Where(m => m.To == MoneyAccount.CountyProceeds).Select(m => m.County));
    }

    private static decimal Balance(IEnumerable<MoneyMovement> movements, MoneyAccount account) =>
        movements.Sum(m => (m.To == account ? m.Amount : 0) - (m.From == account ? m.Amount : 0));
}
