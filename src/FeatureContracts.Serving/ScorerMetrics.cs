using System;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;
using FeatureContracts.Monitoring;
using FeatureContracts.Rows;

namespace FeatureContracts.Serving;

/// <summary>
/// The live metrics of online scoring, through <see cref="System.Diagnostics.Metrics"/> (any listener: OpenTelemetry,
/// <c>dotnet-counters</c>, a <see cref="MeterListener"/>): set <see cref="ScorerOptions.Metrics"/> and the
/// <see cref="OnlineScorer"/> records every <see cref="OnlineScorer.ScoreAt"/> call. The instruments of the meter
/// <see cref="MeterName"/> (OpenTelemetry-style names, UCUM units):
/// <list type="table">
/// <item><term><c>featurecontracts.scorer.scored</c></term><description>Counter, <c>{score}</c>: results scored.</description></item>
/// <item><term><c>featurecontracts.scorer.not_scored</c></term><description>Counter, <c>{request}</c>, tag
/// <c>featurecontracts.reason</c> (the snake_case <see cref="NotScoredCode"/>): results not scored, once per distinct
/// code of a result.</description></item>
/// <item><term><c>featurecontracts.scorer.duration</c></term><description>Histogram, <c>s</c>, tag
/// <c>featurecontracts.outcome</c> (<c>scored</c> or <c>not_scored</c>): the time spent in
/// <see cref="OnlineScorer.ScoreAt"/>.</description></item>
/// <item><term><c>featurecontracts.feature.missing</c></term><description>Counter, <c>{value}</c>, tag
/// <c>featurecontracts.feature</c>: cells noted <see cref="CellNotes.Missing"/>, <see cref="CellNotes.Filled"/> or
/// <see cref="CellNotes.BeyondMaxAge"/> (once per cell), and <see cref="RejectionCode.MissingValue"/> rejections.</description></item>
/// <item><term><c>featurecontracts.feature.unseen</c></term><description>Counter, <c>{value}</c>, tag
/// <c>featurecontracts.feature</c>: cells noted <see cref="CellNotes.UnseenMapped"/> and
/// <see cref="RejectionCode.UnseenCategory"/> rejections.</description></item>
/// <item><term><c>featurecontracts.feature.clamped</c></term><description>Counter, <c>{value}</c>, tag
/// <c>featurecontracts.feature</c>: cells noted <see cref="CellNotes.Clamped"/>.</description></item>
/// <item><term><c>featurecontracts.feature.out_of_range</c></term><description>Counter, <c>{value}</c>, tag
/// <c>featurecontracts.feature</c>: <see cref="RejectionCode.OutOfRange"/> and <see cref="RejectionCode.NotFinite"/> rejections.</description></item>
/// <item><term><c>featurecontracts.feature.freshness</c></term><description>Histogram, <c>s</c>, tag
/// <c>featurecontracts.feature</c>: each cell's <see cref="FeatureCell.FreshnessLag"/> in seconds.</description></item>
/// </list>
/// Every measurement also carries <c>featurecontracts.contract</c>, the contract's name. Feature measurements come from
/// every built row (scored or not) and from the contract's rejections that name a feature.
/// </summary>
/// <remarks>
/// Thread-safe; recording does not allocate (tags go in a <see cref="TagList"/>), and when no listener is subscribed
/// the scorer skips recording altogether. One instance serves any number of scorers.
/// </remarks>
public sealed class ScorerMetrics : IDisposable
{
    /// <summary>The name of the meter every instrument belongs to.</summary>
    public const string MeterName = "FeatureContracts";

    private const string ContractTag = "featurecontracts.contract";
    private const string FeatureTag = "featurecontracts.feature";
    private const string ReasonTag = "featurecontracts.reason";
    private const string OutcomeTag = "featurecontracts.outcome";
    private readonly bool _ownsMeter;
    private readonly Counter<long> _scored;
    private readonly Counter<long> _notScored;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _missing;
    private readonly Counter<long> _unseen;
    private readonly Counter<long> _clamped;
    private readonly Counter<long> _outOfRange;
    private readonly Histogram<double> _freshness;

    /// <summary>Creates the instruments.</summary>
    /// <param name="meterFactory">
    /// Creates the meter (the container's, after <c>services.AddMetrics()</c>); when <see langword="null"/>, the metrics
    /// create and own their meter. The meter's version is this assembly's informational version, or <c>1.0</c>.
    /// </param>
    public ScorerMetrics(IMeterFactory? meterFactory = null)
    {
        string version = typeof(ScorerMetrics).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "1.0";
        _ownsMeter = meterFactory is null;
        Meter = meterFactory is null ? new Meter(MeterName, version) : meterFactory.Create(new MeterOptions(MeterName) { Version = version });
        _scored = Meter.CreateCounter<long>("featurecontracts.scorer.scored", "{score}", "Results scored.");
        _notScored = Meter.CreateCounter<long>("featurecontracts.scorer.not_scored", "{request}", "Results not scored, once per distinct reason code of a result.");
        _duration = Meter.CreateHistogram<double>("featurecontracts.scorer.duration", "s", "Time spent scoring one entity at one instant.");
        _missing = Meter.CreateCounter<long>("featurecontracts.feature.missing", "{value}", "Values missing, filled or beyond their max age, and rows rejected for a missing value.");
        _unseen = Meter.CreateCounter<long>("featurecontracts.feature.unseen", "{value}", "Categories outside the vocabulary, mapped to the unseen bucket or rejected.");
        _clamped = Meter.CreateCounter<long>("featurecontracts.feature.clamped", "{value}", "Values clamped into their range.");
        _outOfRange = Meter.CreateCounter<long>("featurecontracts.feature.out_of_range", "{value}", "Rows rejected for a value outside its range.");
        _freshness = Meter.CreateHistogram<double>("featurecontracts.feature.freshness", "s", "Prediction instant minus the occurred_at of each value's event.");
    }

    /// <summary>The meter the instruments belong to (named <see cref="MeterName"/>).</summary>
    public Meter Meter { get; }

    /// <summary>Whether any listener is subscribed to any instrument: otherwise nothing needs recording.</summary>
    internal bool Enabled
        => _scored.Enabled || _notScored.Enabled || _duration.Enabled || _missing.Enabled || _unseen.Enabled
            || _clamped.Enabled || _outOfRange.Enabled || _freshness.Enabled;

    /// <summary>Disposes the meter when these metrics created it (a factory's meter belongs to the factory).</summary>
    public void Dispose()
    {
        if (_ownsMeter)
        {
            Meter.Dispose();
        }
    }

    /// <summary>Records one result of contract <paramref name="contract"/> that took <paramref name="seconds"/>.</summary>
    internal void Record(string contract, ScoreResult result, double seconds)
    {
        var contractTag = new TagList { { ContractTag, contract } };
        if (result.IsScored)
        {
            _scored.Add(1, contractTag);
        }
        else
        {
            ulong counted = 0;
            foreach (NotScoredReason reason in result.Reasons)
            {
                int code = (int)reason.Code;
                ulong bit = code is >= 0 and < 64 ? 1UL << code : 0;
                if (bit != 0 && (counted & bit) != 0)
                {
                    continue;
                }

                counted |= bit;
                _notScored.Add(1, new TagList { { ContractTag, contract }, { ReasonTag, RowCodec.FormatCode(reason.Code) } });
            }
        }

        _duration.Record(seconds, new TagList { { ContractTag, contract }, { OutcomeTag, result.IsScored ? "scored" : "not_scored" } });
        if (result.Row is { } row)
        {
            foreach (FeatureCell cell in row.Cells)
            {
                var tags = new TagList { { ContractTag, contract }, { FeatureTag, cell.Feature } };
                CellHealth health = CellHealthRules.Of(cell.Notes);
                if ((health & CellHealth.NoValue) != 0)
                {
                    _missing.Add(1, tags);
                }

                if ((health & CellHealth.Unseen) != 0)
                {
                    _unseen.Add(1, tags);
                }

                if ((health & CellHealth.OutOfRange) != 0)
                {
                    _clamped.Add(1, tags);
                }

                if (cell.FreshnessLag is { } lag)
                {
                    _freshness.Record(lag.TotalSeconds, tags);
                }
            }
        }

        foreach (RowRejection rejection in result.Rejections)
        {
            if (rejection.Feature is not { } feature)
            {
                continue;
            }

            Counter<long>? counter = CellHealthRules.Of(rejection.Code) switch
            {
                CellHealth.NoValue => _missing,
                CellHealth.Unseen => _unseen,
                CellHealth.OutOfRange => _outOfRange,
                _ => null,
            };
            counter?.Add(1, new TagList { { ContractTag, contract }, { FeatureTag, feature } });
        }
    }
}
