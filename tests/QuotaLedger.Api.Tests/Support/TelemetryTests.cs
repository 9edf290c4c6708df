namespace QuotaLedger.Api.Tests.Support;

/// <summary>
/// The tests that read a host's metrics or traces run one class at a time, after the others, with no other service host
/// alive in the test process but the ones they make: OpenTelemetry listens to activity sources by name, process-wide, so
/// a traced host records every host's requests. A host's metrics are its own even beside other hosts (each provider
/// drops the meters of other hosts' factories, <c>Metrics</c>; <c>MetricsTests</c> shows it); the counts the tests
/// compare are still easier to read with no other host sending commands. A service process holds one host.
/// </summary>
[CollectionDefinition(Collection, DisableParallelization = true)]
public sealed class TelemetryTests
{
    public const string Collection = "Telemetry";
}
