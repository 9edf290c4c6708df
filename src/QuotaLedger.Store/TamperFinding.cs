namespace QuotaLedger.Store;

/// <summary>What the verifier found wrong: the first event (by global sequence) it concerns, and how.</summary>
public sealed record TamperFinding(long? Sequence, Guid? StreamId, long? Version, string Problem)
{
    public override string ToString() =>
        $"{(Sequence is { } s ? $"event #{s}" : "")}{(StreamId is { } id ? $" of stream {id} version {Version}" : "")}: {Problem}".TrimStart();
}
