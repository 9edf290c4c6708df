using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Trading;
using QuotaLedger.Domain.Trading.Agreements;

namespace QuotaLedger.Application.Trading.PublicNotices;

/// <summary>点对点: the agreements with other provinces, published once signed and approved.</summary>
public sealed record ListPublishedAgreements : IQuery<IReadOnlyList<PublishedAgreement>>;

public sealed record PublishedAgreement(
    Guid Id, string Number, string CounterpartProvince, string CounterpartProvinceName, string Seller, string SellerName, QuotaKind Kind,
    PricedMeasure Measure, string Unit, decimal Quantity, decimal UnitPrice, decimal Price, DateOnly SignedOn);

public sealed class ListPublishedAgreementsHandler(PublicNoticeBoard board)
    : IRequestHandler<ListPublishedAgreements, IReadOnlyList<PublishedAgreement>>
{
    public async Task<IReadOnlyList<PublishedAgreement>> Handle(ListPublishedAgreements query, CancellationToken ct) =>
        (await board.AllAsync<Agreement>(ct)).Where(a => a.Status == AgreementStatus.Concluded)
        .Select(a => new PublishedAgreement(a.Id, a.Number, a.CounterpartProvince, board.ProvinceName(a.CounterpartProvince), a.Seller,
            board.RegionName(a.Seller), a.Kind, a.Measure, a.Measure.Unit(), a.Quantity, a.UnitPrice, a.Price, a.SignedOn))
        .ToArray();
}
