using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using FeatureContracts.Vectors;
using NodaTime;

namespace FeatureContracts.Models;

/// <summary>One labelled training row as a model vector.</summary>
/// <param name="EntityId">The entity the row is for (the export's entity id column, e.g. <c>order_id</c>).</param>
/// <param name="PredictionTime">The prediction instant (the export's <c>prediction_time</c>), for splits by time.</param>
/// <param name="Vector">The row's vector, laid out by the set's vectorizer. Treat it as read-only.</param>
/// <param name="Label">The label (the export's <c>label</c>: <see langword="true"/> = 1 = the positive class, e.g. late).</param>
public sealed record TrainingExample(string EntityId, Instant PredictionTime, double[] Vector, bool Label);

/// <summary>
/// Labelled vectors of one contract's layout, in file order, with the digest of the file they were read from.
/// Immutable.
/// </summary>
public sealed class TrainingSet
{
    /// <summary>Creates a set of <paramref name="examples"/> laid out by <paramref name="vectorizer"/>.</summary>
    /// <param name="vectorizer">The layout of every vector.</param>
    /// <param name="examples">The rows, in order.</param>
    /// <param name="sha256">The SHA-256 (lower-case hex) of the file the rows were read from, if any.</param>
    /// <exception cref="ArgumentException">A vector's length is not the layout's.</exception>
    public TrainingSet(FeatureVectorizer vectorizer, IEnumerable<TrainingExample> examples, string? sha256 = null)
    {
        ArgumentNullException.ThrowIfNull(vectorizer);
        ArgumentNullException.ThrowIfNull(examples);
        ImmutableArray<TrainingExample> list = [.. examples];
        foreach (TrainingExample example in list)
        {
            ArgumentNullException.ThrowIfNull(example, nameof(examples));
            if (example.Vector is null || example.Vector.Length != vectorizer.Length)
            {
                throw new ArgumentException(
                    $"The row of {example.EntityId}@{example.PredictionTime} has {example.Vector?.Length ?? 0} slots; the layout has {vectorizer.Length}.", nameof(examples));
            }
        }

        Vectorizer = vectorizer;
        Examples = list;
        Sha256 = sha256;
    }

    /// <summary>The layout of every vector.</summary>
    public FeatureVectorizer Vectorizer { get; }

    /// <summary>The rows, in order.</summary>
    public IReadOnlyList<TrainingExample> Examples { get; }

    /// <summary>The SHA-256 (lower-case hex) of the file the rows were read from; subsets keep it. <see langword="null"/> when not from a file.</summary>
    public string? Sha256 { get; }

    /// <summary>
    /// Splits the rows by prediction time: those before <paramref name="boundary"/>, and those at or after it
    /// (for example, train on the earlier period and evaluate on the later one). Order is kept.
    /// </summary>
    public (TrainingSet Before, TrainingSet AtOrAfter) SplitAt(Instant boundary)
        => (Where(e => e.PredictionTime < boundary), Where(e => e.PredictionTime >= boundary));

    /// <summary>The rows that satisfy <paramref name="predicate"/>, in order.</summary>
    public TrainingSet Where(Func<TrainingExample, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var kept = new List<TrainingExample>();
        foreach (TrainingExample example in Examples)
        {
            if (predicate(example))
            {
                kept.Add(example);
            }
        }

        return new TrainingSet(Vectorizer, kept, Sha256);
    }

    /// <summary>Each row's vector and label, as <see cref="LogisticRegressionTrainer.Train(FeatureVectorizer, IEnumerable{ValueTuple{double[], bool}}, LogisticRegressionOptions?)"/> takes them.</summary>
    public IEnumerable<(double[] Vector, bool Label)> VectorsAndLabels()
    {
        foreach (TrainingExample example in Examples)
        {
            yield return (example.Vector, example.Label);
        }
    }

    /// <summary>Scores every row with <paramref name="model"/>, for <see cref="BinaryMetrics"/>.</summary>
    /// <exception cref="ArgumentException">
    /// The model was trained on another contract fingerprint (the message names both) or another slot layout.
    /// </exception>
    public IReadOnlyList<(double Score, bool Label)> ScoreWith(IScoringModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model is LogisticRegressionModel logistic)
        {
            logistic.ValidateFor(Vectorizer);
        }
        else if (!string.Equals(model.ContractFingerprint, Vectorizer.ContractFingerprint, StringComparison.Ordinal) || model.InputLength != Vectorizer.Length)
        {
            throw new ArgumentException(
                $"Model {model.ModelId} was trained on contract fingerprint {model.ContractFingerprint} ({model.InputLength} slots), but these rows follow {Vectorizer.ContractFingerprint} ({Vectorizer.Length} slots).",
                nameof(model));
        }

        var scored = new (double Score, bool Label)[Examples.Count];
        for (int i = 0; i < scored.Length; i++)
        {
            scored[i] = (model.Score(Examples[i].Vector), Examples[i].Label);
        }

        return scored;
    }
}
