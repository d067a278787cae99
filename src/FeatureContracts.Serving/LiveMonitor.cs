using System;
using System.Threading;
using FeatureContracts.Contracts;
using FeatureContracts.Monitoring;
using FeatureContracts.Rows;

namespace FeatureContracts.Serving;

/// <summary>How a <see cref="LiveMonitor"/> measures and judges.</summary>
public sealed class LiveMonitorOptions
{
    /// <summary>How many of the latest rows the window measures; default 1000.</summary>
    public int WindowSize { get; init; } = 1000;

    /// <summary>The fewest rows a check needs before it can warn or fail; default 100.</summary>
    public int MinimumRows { get; init; } = 100;
}

/// <summary>
/// Watches the rows a service builds: a sliding <see cref="MonitorWindow"/> over the last
/// <see cref="LiveMonitorOptions.WindowSize"/> row results, judged against the contract's declared monitors by
/// <see cref="MonitorEvaluator"/> (no drift or parity: those are computed offline). Thread-safe. The verdict is
/// recomputed only when the window changed since the last one.
/// </summary>
public sealed class LiveMonitor
{
    private readonly Lock _gate = new();
    private readonly FeatureContract _contract;
    private readonly MonitorWindow _window;
    private readonly int _minimumRows;
    private long _version;
    private long _measuredVersion = -1;
    private MonitorMeasures? _measures;
    private long _judgedVersion = -1;
    private MonitorVerdict? _verdict;

    /// <summary>Creates a monitor of <paramref name="contract"/>'s rows.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The window size is not positive or the minimum rows is negative.</exception>
    public LiveMonitor(FeatureContract contract, LiveMonitorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(contract);
        options ??= new LiveMonitorOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.WindowSize, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.MinimumRows, nameof(options));
        _contract = contract;
        _window = new MonitorWindow(contract, options.WindowSize);
        _minimumRows = options.MinimumRows;
        Options = options;
    }

    /// <summary>The monitor's options.</summary>
    public LiveMonitorOptions Options { get; }

    /// <summary>The contract the monitored rows follow.</summary>
    public FeatureContract Contract => _contract;

    /// <summary>Adds what the one transform returned, accepted or rejected, to the window.</summary>
    public void Observe(RowResult result)
    {
        RowObservation observation = RowObservation.From(result);
        lock (_gate)
        {
            _window.Add(observation);
            _version++;
        }
    }

    /// <summary>The measures of the rows in the window now.</summary>
    public MonitorMeasures Measures()
    {
        lock (_gate)
        {
            return MeasuresLocked();
        }
    }

    /// <summary>The window's measures judged against the contract's monitors (with the options' minimum rows).</summary>
    public MonitorVerdict Verdict()
    {
        lock (_gate)
        {
            if (_verdict is null || _judgedVersion != _version)
            {
                _verdict = MonitorEvaluator.Evaluate(_contract, MeasuresLocked(), minimumRows: _minimumRows);
                _judgedVersion = _version;
            }

            return _verdict;
        }
    }

    private MonitorMeasures MeasuresLocked()
    {
        if (_measures is null || _measuredVersion != _version)
        {
            _measures = _window.Measure();
            _measuredVersion = _version;
        }

        return _measures;
    }
}
