using Npgsql;

namespace QuotaLedger.Store;

/// <summary>The Npgsql data source the service and its commands run on.</summary>
public static class StoreDataSource
{
    /// <summary>
    /// A data source for <paramref name="connectionString"/>, with the settings below wherever the string does not
    /// set them itself (so an operator can still turn them off).
    /// </summary>
    public static NpgsqlDataSource Create(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        var settings = builder.ConnectionStringBuilder;
        var given = settings.Keys.ToHashSet(StringComparer.OrdinalIgnoreCase);

        // A command runs the same few dozen statements every time, and unprepared PostgreSQL parses and plans each of
        // them each time: about a third of its CPU per transfer (docs/performance.md). Npgsql prepares a statement on a
        // connection once it has run there twice and keeps the 64 most used. The statements name their columns, so a
        // migration that adds columns does not break them; one that changed a result type would fail one execution on
        // each connection, after which Npgsql prepares the statement again.
        if (!given.Contains("Max Auto Prepare")) settings.MaxAutoPrepare = 64;
        if (!given.Contains("Auto Prepare Min Usages")) settings.AutoPrepareMinUsages = 2;

        // With prepared statements Npgsql no longer resets a pooled connection with one DISCARD ALL but with seven
        // statements that keep them. The service leaves nothing behind in a session to reset (no SET, LISTEN, temporary
        // table, cursor or session advisory lock; an open transaction is rolled back on close whatever this says).
        if (!given.Contains("No Reset On Close")) settings.NoResetOnClose = true;

        return builder.Build();
    }
}
