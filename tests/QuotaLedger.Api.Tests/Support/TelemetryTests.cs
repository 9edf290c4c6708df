namespace QuotaLedger.Api.Tests.Support;

/// <summary>
/// The tests that read a host's metrics or traces run one class at a time, after the others, with no other service host
/// alive in the test process: OpenTelemetry listens to meters and activity sources by name, process-wide, and beside
/// other hosts (a traced one above all) a host's <c>/metrics</c> was seen without the ledger's series. A service process
/// holds one host.
/// </summary>
[CollectionDefinition(Collection, DisableParallelization = true)]
public sealed class TelemetryTests
{
    public const string Collection = "Telemetry";
}
