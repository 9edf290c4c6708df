namespace QuotaLedger.Application.Shared;

/// <summary>A command whose reason is recorded on every event it causes (R11).</summary>
public interface IHasReason
{
    string? Reason { get; }
}
