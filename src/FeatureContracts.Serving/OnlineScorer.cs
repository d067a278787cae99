using System;
using System.Buffers;
using System.Collections.Immutable;
using FeatureContracts.Rows;
using FeatureContracts.Shipments;
using FeatureContracts.Shipments.Histories;
using FeatureContracts.Vectors;
using NodaTime;

namespace FeatureContracts.Serving;

/// <summary>
/// Scores an order at an instant with exactly the row the training export would have produced there: it reads the
/// order's history and the backlog timeline from the store, builds the row with <see cref="ShipmentTransform.BuildRow"/>
/// (the function the exporter calls), lays it out with the <see cref="FeatureVectorizer"/> and scores it. A row the
/// contract rejects, an outcome already known, or (when failing closed) a stale feature is "not scored" with its
/// reasons: never a made-up score.
/// </summary>
/// <remarks>
/// Thread-safe (the model must be, as <see cref="IScoringModel"/> implementations are expected to be). The vector
/// lives on the stack (or, for long vectors, in a pooled array); the only allocations are the transform's row and
/// the result.
/// </remarks>
public sealed class OnlineScorer
{
    private const int StackallocSlots = 128;
    private readonly IShipmentHistoryStore _store;
    private readonly ShipmentTransform _transform;
    private readonly FeatureVectorizer _vectorizer;
    private readonly IScoringModel _model;
    private readonly IClock _clock;
    private readonly bool _failClosedOnStale;

    /// <summary>Creates a scorer.</summary>
    /// <param name="store">Where the order histories and the backlog timeline are read.</param>
    /// <param name="transform">The one transform, the same the training export used.</param>
    /// <param name="vectorizer">The model's vector layout for the transform's contract.</param>
    /// <param name="model">The model; it must have been trained on the transform's contract.</param>
    /// <param name="clock">The clock <see cref="Score"/> reads the prediction instant from.</param>
    /// <param name="options">How to treat rows the contract lets through; <see cref="ScorerOptions.Default"/> when omitted.</param>
    /// <exception cref="ArgumentException">
    /// The model or the vectorizer belongs to another contract fingerprint (the message names both), or the model's
    /// input length is not the vector's length.
    /// </exception>
    public OnlineScorer(
        IShipmentHistoryStore store, ShipmentTransform transform, FeatureVectorizer vectorizer, IScoringModel model, IClock clock, ScorerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(clock);
        EnsureCompatible(transform, vectorizer, model);
        _store = store;
        _transform = transform;
        _vectorizer = vectorizer;
        _model = model;
        _clock = clock;
        Options = options ?? ScorerOptions.Default;
        _failClosedOnStale = Options.FailClosedOnStaleFeatures;
        ContractFingerprint = transform.Contract.Fingerprint;
        ModelId = model.ModelId;
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
    public static void EnsureCompatible(ShipmentTransform transform, FeatureVectorizer vectorizer, IScoringModel model)
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

    /// <summary>Scores <paramref name="orderId"/> at the clock's current instant.</summary>
    public ScoreResult Score(string orderId) => ScoreAt(orderId, _clock.GetCurrentInstant());

    /// <summary>Scores <paramref name="orderId"/> at <paramref name="predictionInstant"/> (for replays and parity checks).</summary>
    public ScoreResult ScoreAt(string orderId, Instant predictionInstant)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderId);
        ShipmentHistory history = _store.GetHistory(orderId);
        BacklogTimeline backlog = _store.Backlog;
        RowResult result = _transform.BuildRow(history, backlog, predictionInstant);
        if (!result.IsAccepted)
        {
            var reasons = ImmutableArray.CreateBuilder<NotScoredReason>(result.Rejections.Length);
            foreach (RowRejection rejection in result.Rejections)
            {
                NotScoredCode code = rejection.Code switch
                {
                    RejectionCode.OutcomeAlreadyKnown => NotScoredCode.OutcomeAlreadyKnown,
                    RejectionCode.EntityNotKnown => NotScoredCode.OrderNotKnown,
                    _ => NotScoredCode.RowRejected,
                };
                reasons.Add(new NotScoredReason(code, rejection.Feature, rejection.Message));
            }

            return ScoreResult.NotScored(result, reasons.MoveToImmutable(), ContractFingerprint, ModelId);
        }

        FeatureRow row = result.Row;
        if (_failClosedOnStale && StaleReasons(row) is { IsDefaultOrEmpty: false } stale)
        {
            return ScoreResult.NotScored(result, stale, ContractFingerprint, ModelId);
        }

        double score = ScoreRow(row);
        if (!double.IsFinite(score))
        {
            return ScoreResult.NotScored(
                result,
                [new NotScoredReason(NotScoredCode.ScoreNotFinite, null, $"model '{ModelId}' returned {score} for the row; no score is made up in its place")],
                ContractFingerprint,
                ModelId);
        }

        return ScoreResult.Scored(result, score, ContractFingerprint, ModelId);
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
