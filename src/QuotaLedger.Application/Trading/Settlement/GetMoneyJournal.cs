using FluentValidation;
using MediatR;
using Npgsql;
using NpgsqlTypes;
using QuotaLedger.Application.Ledger.Holders;
using QuotaLedger.Application.Shared;
using QuotaLedger.Application.Trading.Buyers;
using QuotaLedger.Domain.Shared;
using QuotaLedger.Domain.Trading.Buyers;
using QuotaLedger.Domain.Trading.Settlement;
using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Application.Trading.Settlement;

/// <summary>
/// Trading's money ledger: every movement of yuan between its accounts (deposits held, received towards deals, forfeited,
/// attributed to counties), newest first, with the balance of each account over the lines the filter selects. The
/// centre reads all of it; a buyer only its own.
/// </summary>
public sealed record GetMoneyJournal(Guid? BuyerId = null, Guid? ListingId = null, Guid? DealId = null, int Limit = 100, int Offset = 0)
    : IQuery<MoneyJournalView>;

/// <param name="Amount">Positive into the account, negative out of it; the two lines of a movement share its sequence.</param>
public sealed record MoneyLine(
    long Sequence, DateTimeOffset Timestamp, string EventType, MoneyAccount Account, decimal Amount, Guid BuyerId, Guid? ListingId,
    Guid? DealId, [RegionCode] string? County, string? BankReference);

/// <param name="Balances">Each account's sum over every line the filter selects (not only this page): all of them add up to 0.</param>
public sealed record MoneyJournalView(IReadOnlyDictionary<MoneyAccount, decimal> Balances, IReadOnlyList<MoneyLine> Lines, int Limit, int Offset);

public sealed class GetMoneyJournalValidator : AbstractValidator<GetMoneyJournal>
{
    public GetMoneyJournalValidator()
    {
        RuleFor(q => q.Limit).InclusiveBetween(1, ListQueryRules.MaxLimit);
        RuleFor(q => q.Offset).GreaterThanOrEqualTo(0);
    }
}

public sealed class GetMoneyJournalHandler(NpgsqlDataSource dataSource, RequestContext context)
    : IRequestHandler<GetMoneyJournal, MoneyJournalView>
{
    private const string Filter = """
        ($1::uuid IS NULL OR m.buyer_id = $1) AND ($2::uuid IS NULL OR m.listing_id = $2) AND ($3::uuid IS NULL OR m.deal_id = $3)
        """;

    public async Task<MoneyJournalView> Handle(GetMoneyJournal query, CancellationToken ct)
    {
        var buyer = BuyerFor(context.Actor, query.BuyerId);
        await using var connection = await dataSource.OpenConnectionAsync(ct);

        var balances = Enum.GetValues<MoneyAccount>().ToDictionary(a => a, _ => 0m);
        await using (var sums = Command(connection, $"SELECT m.account, sum(m.amount) FROM ql_money_journal m WHERE {Filter} GROUP BY m.account", buyer, query))
        await using (var reader = await sums.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                balances[AccountNamed(reader.GetString(0))] = BucketRows.Normalize(reader.GetDecimal(1));

        var lines = new List<MoneyLine>();
        await using (var page = Command(connection, $"""
                         SELECT m.seq_id, m.timestamp, e.type, m.account, m.amount, m.buyer_id, m.listing_id, m.deal_id, m.county, m.bank_reference
                         FROM ql_money_journal m JOIN public.mt_events e ON e.seq_id = m.seq_id
                         WHERE {Filter} ORDER BY m.seq_id DESC, m.line LIMIT $4 OFFSET $5
                         """, buyer, query))
        {
            page.Parameters.AddWithValue(query.Limit);
            page.Parameters.AddWithValue(query.Offset);
            await using var reader = await page.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                lines.Add(new MoneyLine(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), AccountNamed(reader.GetString(3)),
                    BucketRows.Normalize(reader.GetDecimal(4)), reader.GetGuid(5), Nullable(reader, 6), Nullable(reader, 7),
                    reader.IsDBNull(8) ? null : reader.GetString(8), reader.IsDBNull(9) ? null : reader.GetString(9)));
        }
        return new MoneyJournalView(balances, lines, query.Limit, query.Offset);
    }

    /// <summary>The centre may read any buyer's money or all of it; a buyer its own; no one else any.</summary>
    private static Guid? BuyerFor(Actor actor, Guid? asked)
    {
        if (actor.Role == Role.Centre) return asked;
        if (actor.Role != Role.Buyer)
            throw new ForbiddenException($"The money ledger is the centre's and each buyer's own; a {actor.Role.ToString().ToLowerInvariant()} user reads proceeds statements instead.");
        var own = BuyerActors.IdOf(actor);
        if (asked is { } other && other != own) throw new ForbiddenException("A buyer reads its own money only.");
        return own;
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, Guid? buyer, GetMoneyJournal query)
    {
        var cmd = new NpgsqlCommand(sql, connection);
        foreach (var id in new[] { buyer, query.ListingId, query.DealId })
            cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)id ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        return cmd;
    }

    private static Guid? Nullable(NpgsqlDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetGuid(column);

    private static readonly Dictionary<string, MoneyAccount> Accounts = Enum.GetValues<MoneyAccount>().ToDictionary(MoneyJournal.AccountName);

    private static MoneyAccount AccountNamed(string name) =>
        Accounts.TryGetValue(name, out var account) ? account : throw new InvalidDataException($"The money journal holds an unknown account '{name}'.");
}
