using System;
using System.Buffers;
using System.Collections.Immutable;
using System.Diagnostics;
using FeatureContracts.Domains;
using FeatureContracts.Monitoring;
using FeatureContracts.Rows;
using FeatureContracts.Vectors;
using NodaTime;

namespace FeatureContracts.Serving;

/// <summary>
/// Scores an entity of any domain at an instant with exactly the row the training export would have produced there:
/// it builds the row with <see cref="Transform.BuildRow"/> (the function the exporter calls) over the histories the
/// <see cref="IHistoryLookup"/> knows, lays it out with the <see cref="FeatureVectorizer"/> and scores it. An entity not
/// known at the instant, an outcome already known, a row the contract rejects, or (when failing closed) a stale feature
/// is "not scored" with its reasons: never a made-up score.
/// </summary>
/// <remarks>
/// Thread-safe (the model must be, as <see cref="IScoringModel"/> implementations are expected to be). The histories
/// are read as the lookup's snapshots at the call: with a <see cref="HistoryStore"/>, appends may go on meanwhile. The
/// vector lives on the stack (or, for long vectors, in a pooled array); the only allocations are the transform's row
/// and the result.
/// </remarks>
public sealed class OnlineScorer
{
    private const int StackallocSlots = 128;
    private readonly ScorerMetrics? _metrics;
    private readonly IHistoryLookup _histories;
    private readonly Transform _transform;
    private readonly FeatureVectorizer _vectorizer;
    private readonly IScoringModel _model;
    private readonly IClock _clock;
    private readonly string _entityKey;
    private readonly bool _failClosedOnStale;

    /// <summary>Creates a scorer.</summary>
    /// <param name="histories">
    /// Where the entities' histories are read: a <see cref="HistoryStore"/> of the transform's domain, or a service's own lookup.
    /// </param>
    /// <param name="transform">The one transform, the same the training export used.</param>
    /// <param name="vectorizer">The model's vector layout for the transform's contract.</param>
    /// <param name="model">The model; it must have been trained on the transform's contract.</param>
    /// <param name="clock">The clock <see cref="Score"/> reads the prediction instant from.</param>
    /// <param name="options">How to treat rows the contract lets through; <see cref="ScorerOptions.Default"/> when omitted.</param>
    /// <exception cref="ArgumentException">
    /// The model or the vectorizer belongs to another contract fingerprint (the message names both), the model's input
    /// length is not the vector's length, <paramref name="histories"/> is a <see cref="HistoryStore"/> of another
    /// event schema than the transform's domain declares, or the options fail closed on a monitor they do not give (or
    /// give a monitor of another contract).
    /// </exception>
    public OnlineScorer(
        IHistoryLookup histories, Transform transform, FeatureVectorizer vectorizer, IScoringModel model, IClock clock, ScorerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(histories);
        ArgumentNullException.ThrowIfNull(clock);
        EnsureCompatible(transform, vectorizer, model);
        if (histories is HistoryStore store && !ReferenceEquals(store.Schema, transform.Domain.Schema))
        {
            throw new ArgumentException(
                $"The history store holds events of another schema (keys {string.Join(", ", store.Schema.KeyFields)}) than domain "
                + $"'{transform.Domain.Name}' declares (keys {string.Join(", ", transform.Domain.Schema.KeyFields)}); create it with the domain's Schema.",
                nameof(histories));
        }

        EnsureMonitor(options, transform);
        _histories = histories;
        _transform = transform;
        _vectorizer = vectorizer;
        _model = model;
        _clock = clock;
        _entityKey = transform.Domain.Entity.Key;
        Options = options ?? ScorerOptions.Default;
        _failClosedOnStale = Options.FailClosedOnStaleFeatures;
        ContractFingerprint = transform.Contract.Fingerprint;
        ModelId = model.ModelId;
        _metrics = Options.Metrics;
    }

    /// <summary>The fingerprint of the contract the rows follow.</summary>
    public string ContractFingerprint { get; }

    /// <summary>The model's identity.</summary>
    public string ModelId { get; }

    /// <summary>The scorer's options.</summary>
    public ScorerOptions Options { get; }

    /// <summary>
    /// Checks that <paramref name="vectorizer"/> and <paramref name="model"/> belong to <paramref name="transform"/>'s
    /// contract and that the model takes the vector's length.
    /// </summary>
    /// <exception cref="ArgumentException">They do not; the message names both fingerprints (or both lengths).</exception>
    public static void EnsureCompatible(Transform transform, FeatureVectorizer vectorizer, IScoringModel model)
    {
        ArgumentNullException.ThrowIfNull(transform);
        ArgumentNullException.ThrowIfNull(vectorizer);
        ArgumentNullException.ThrowIfNull(model);
        string contract = transform.Contract.Fingerprint;
        if (!string.Equals(model.ContractFingerprint, contract, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"Model '{model.ModelId}' was trained on contract fingerprint {model.ContractFingerprint}, but the transform's contract "
                + $"'{transform.Contract.Name}' v{transform.Contract.Version} has fingerprint {contract}; refusing to score with it.",
                nameof(model));
        }

        if (!string.Equals(vectorizer.ContractFingerprint, contract, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"The vectorizer is for contract fingerprint {vectorizer.ContractFingerprint}, but the transform's contract "
                + $"'{transform.Contract.Name}' v{transform.Contract.Version} has fingerprint {contract}.",
                nameof(vectorizer));
        }

        if (model.InputLength != vectorizer.Length)
        {
            throw new ArgumentException(
                $"Model '{model.ModelId}' takes vectors of length {model.InputLength}, but the vectorizer lays out {vectorizer.Length} slots.", nameof(model));
        }
    }

    /// <summary>Scores the entity <paramref name="entityId"/> (named by the domain's entity key) at the clock's current instant.</summary>
    public ScoreResult Score(string entityId) => ScoreAt(entityId, _clock.GetCurrentInstant());

    /// <summary>
    /// Scores the entity <paramref name="entityId"/> (named by the domain's entity key) at <paramref name="predictionInstant"/>
    /// (for replays and parity checks). With <see cref="ScorerOptions.Metrics"/> set, the call is recorded there.
    /// </summary>
    public ScoreResult ScoreAt(string entityId, Instant predictionInstant)
    {
        if (_metrics is not { Enabled: true } metrics)
        {
            return ScoreUnrecorded(entityId, predictionInstant);
        }

        long started = Stopwatch.GetTimestamp();
        ScoreResult result = ScoreUnrecorded(entityId, predictionInstant);
        double seconds = (Stopwatch.GetTimestamp() - started) / (double)Stopwatch.Frequency;
        metrics.Record(_transform.Contract.Name, result, seconds);
        return result;
    }

    private ScoreResult ScoreUnrecorded(string entityId, Instant predictionInstant)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(entityId);
        RowResult result = _transform.BuildRow(_histories, entityId, predictionInstant);
        Options.Monitor?.Observe(result);
        if (!result.IsAccepted)
        {
            var reasons = ImmutableArray.CreateBuilder<NotScoredReason>(result.Rejections.Length);
            foreach (RowRejection rejection in result.Rejections)
            {
                NotScoredCode code = rejection.Code switch
                {
                    RejectionCode.OutcomeAlreadyKnown => NotScoredCode.OutcomeAlreadyKnown,
                    RejectionCode.EntityNotKnown => NotScoredCode.EntityNotKnown,
                    _ => NotScoredCode.RowRejected,
                };
                reasons.Add(new NotScoredReason(code, rejection.Feature, rejection.Message));
            }

            return ScoreResult.NotScored(_entityKey, result, reasons.MoveToImmutable(), ContractFingerprint, ModelId);
        }

        FeatureRow row = result.Row;
        if (Options.FailClosedWhenMonitorFails && MonitorReasons(Options.Monitor!) is { IsDefaultOrEmpty: false } failing)
        {
            return ScoreResult.NotScored(_entityKey, result, failing, ContractFingerprint, ModelId);
        }

        if (_failClosedOnStale && StaleReasons(row) is { IsDefaultOrEmpty: false } stale)
        {
            return ScoreResult.NotScored(_entityKey, result, stale, ContractFingerprint, ModelId);
        }

        double score = ScoreRow(row);
        if (!double.IsFinite(score))
        {
            return ScoreResult.NotScored(
                _entityKey,
                result,
                [new NotScoredReason(NotScoredCode.ScoreNotFinite, null, $"model '{ModelId}' returned {score} for the row; no score is made up in its place")],
                ContractFingerprint,
                ModelId);
        }

        return ScoreResult.Scored(_entityKey, result, score, ContractFingerprint, ModelId);
    }

    private double ScoreRow(FeatureRow row)
    {
        int length = _vectorizer.Length;
        if (length <= StackallocSlots)
        {
            Span<double> vector = stackalloc double[length];
            _vectorizer.Vectorize(row, vector);
            return _model.Score(vector);
        }

        double[] rented = ArrayPool<double>.Shared.Rent(length);
        try
        {
            Span<double> vector = rented.AsSpan(0, length);
            _vectorizer.Vectorize(row, vector);
            return _model.Score(vector);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(rented);
        }
    }

    private static void EnsureMonitor(ScorerOptions? options, Transform transform)
    {
        if (options is { FailClosedWhenMonitorFails: true, Monitor: null })
        {
            throw new ArgumentException(
                "The options fail closed when the monitor fails (FailClosedWhenMonitorFails) but give no monitor; set ScorerOptions.Monitor to a LiveMonitor of the transform's contract.",
                nameof(options));
        }

        if (options?.Monitor is { } monitor && !string.Equals(monitor.Contract.Fingerprint, transform.Contract.Fingerprint, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"The live monitor watches contract '{monitor.Contract.Name}' v{monitor.Contract.Version} ({monitor.Contract.Fingerprint}), "
                + $"but the transform's contract '{transform.Contract.Name}' v{transform.Contract.Version} has fingerprint {transform.Contract.Fingerprint}.",
                nameof(options));
        }
    }

    private static ImmutableArray<NotScoredReason> MonitorReasons(LiveMonitor monitor)
    {
        MonitorVerdict verdict = monitor.Verdict();
        if (verdict.Overall != Verdict.Fail)
        {
            return ImmutableArray<NotScoredReason>.Empty;
        }

        var reasons = ImmutableArray.CreateBuilder<NotScoredReason>();
        foreach (CheckResult check in verdict.Failing)
        {
            reasons.Add(new NotScoredReason(
                NotScoredCode.MonitorFailing,
                check.Feature,
                $"monitor check {RowCodec.FormatCode(check.Check)} of feature '{check.Feature}' fails ({check.Message}); action {RowCodec.FormatCode(check.Action)}; the scorer fails closed while the monitor fails"));
        }

        return reasons.ToImmutable();
    }

    private ImmutableArray<NotScoredReason> StaleReasons(FeatureRow row)
    {
        ImmutableArray<NotScoredReason>.Builder? reasons = null;
        for (int i = 0; i < row.Cells.Length; i++)
        {
            FeatureCell cell = row.Cells[i];
            if ((cell.Notes & CellNotes.BeyondMaxAge) == 0)
            {
                continue;
            }

            Duration? maxAge = _transform.Contract.Features[i].MaxAge;
            reasons ??= ImmutableArray.CreateBuilder<NotScoredReason>();
            reasons.Add(new NotScoredReason(
                NotScoredCode.FeatureBeyondMaxAge,
                cell.Feature,
                $"feature '{cell.Feature}' had a value older than its max age {maxAge} at {row.PredictionInstant}; the scorer fails closed on stale features"));
        }

        return reasons?.ToImmutable() ?? ImmutableArray<NotScoredReason>.Empty;
    }
}
