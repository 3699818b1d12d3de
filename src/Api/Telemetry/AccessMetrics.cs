using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Entitlements.Api.Telemetry;

/// <summary>Counters and latency histograms of access decisions, exported on <c>/metrics</c>.</summary>
public sealed class AccessMetrics
{
    public const string MeterName = "Entitlements.Api";

    private readonly Counter<long> _checks;
    private readonly Histogram<double> _checkDuration;
    private readonly Histogram<long> _batchSize;

    public AccessMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _checks = meter.CreateCounter<long>("entitlements.checks", "{check}", "Access checks decided, by overall decision.");
        _checkDuration = meter.CreateHistogram<double>(
            "entitlements.check.duration", "s", "Time to decide one access check or one batch, grain call included.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25] });
        _batchSize = meter.CreateHistogram<long>("entitlements.check.batch.size", "{check}", "Checks per check-batch request.");
    }

    public void Decided(string decision) => _checks.Add(1, new KeyValuePair<string, object?>("decision", decision));

    public void Timed(long startTimestamp, string kind) =>
        _checkDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, new KeyValuePair<string, object?>("kind", kind));

    public void Batch(int size) => _batchSize.Record(size);
}
