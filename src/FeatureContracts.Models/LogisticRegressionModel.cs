using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using FeatureContracts.Vectors;

namespace FeatureContracts.Models;

/// <summary>
/// A logistic-regression model over a contract's vectors: <c>P(positive) = 1 / (1 + exp(-z))</c> with
/// <c>z = Intercept + Σ Weight_j * (x_j - Mean_j) / Scale_j</c>. It records the contract (name, version,
/// fingerprint) and the slot layout it was trained on, so <see cref="ValidateFor"/> refuses to pair it with another
/// contract's vectors. Stored as JSON (<see cref="ToJson"/>, <see cref="FromJson"/>). Immutable and thread-safe;
/// <see cref="Score"/> does not allocate.
/// </summary>
public sealed class LogisticRegressionModel : IScoringModel
{
    /// <summary>The model type written to and required in the JSON.</summary>
    public const string ModelType = "logistic_regression";

    /// <summary>The current JSON format version.</summary>
    public const int CurrentFormatVersion = 1;

    private static readonly double LargestBelowOne = Math.BitDecrement(1.0);
    private readonly double[] _weights;
    private readonly double[] _means;
    private readonly double[] _scales;
    private readonly string _json;

    /// <summary>Creates a model from its parameters.</summary>
    /// <param name="contract">The contract the model was trained on.</param>
    /// <param name="slots">One entry per vector slot, in vector order.</param>
    /// <param name="intercept">The intercept (bias) of the logit.</param>
    /// <param name="training">How the model was trained.</param>
    /// <exception cref="ArgumentException">
    /// A parameter is not finite, a scale is not positive, a slot name is empty or repeated, there is no slot, or the
    /// contract identity is incomplete.
    /// </exception>
    public LogisticRegressionModel(ModelContract contract, IEnumerable<ModelSlot> slots, double intercept, TrainingMetadata training)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(slots);
        ArgumentNullException.ThrowIfNull(training);
        ArgumentException.ThrowIfNullOrWhiteSpace(contract.Name, nameof(contract));
        ArgumentException.ThrowIfNullOrWhiteSpace(contract.Fingerprint, nameof(contract));
        if (contract.Version < 1)
        {
            throw new ArgumentException("The contract version must be positive.", nameof(contract));
        }

        ImmutableArray<ModelSlot> list = [.. slots];
        if (list.IsEmpty)
        {
            throw new ArgumentException("A model needs at least one slot.", nameof(slots));
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        _weights = new double[list.Length];
        _means = new double[list.Length];
        _scales = new double[list.Length];
        for (int i = 0; i < list.Length; i++)
        {
            ModelSlot slot = list[i] ?? throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Slot {i} is null."), nameof(slots));
            if (string.IsNullOrEmpty(slot.Name) || !names.Add(slot.Name))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Slot {i}: the name '{slot.Name}' is empty or repeated."), nameof(slots));
            }

            if (!double.IsFinite(slot.Weight) || !double.IsFinite(slot.Mean) || !double.IsFinite(slot.Scale) || slot.Scale <= 0)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Slot '{slot.Name}': weight, mean and scale must be finite and the scale positive (weight {slot.Weight:R}, mean {slot.Mean:R}, scale {slot.Scale:R})."),
                    nameof(slots));
            }

            _weights[i] = slot.Weight;
            _means[i] = slot.Mean;
            _scales[i] = slot.Scale;
        }

        if (!double.IsFinite(intercept))
        {
            throw new ArgumentException("The intercept must be finite.", nameof(intercept));
        }

        Contract = contract;
        Slots = list;
        Intercept = intercept;
        Training = training;
        _json = ModelJson.Write(this);
        ModelId = ModelType + ":" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(_json)))[..16];
    }

    /// <summary><c>logistic_regression:</c> followed by the first 16 hex digits of the SHA-256 of <see cref="ToJson"/>.</summary>
    public string ModelId { get; }

    /// <summary>The contract the model was trained on.</summary>
    public ModelContract Contract { get; }

    /// <inheritdoc />
    public string ContractFingerprint => Contract.Fingerprint;

    /// <inheritdoc />
    public int InputLength => _weights.Length;

    /// <summary>The slots, in vector order, with their standardization and weights.</summary>
    public ImmutableArray<ModelSlot> Slots { get; }

    /// <summary>The intercept (bias) of the logit.</summary>
    public double Intercept { get; }

    /// <summary>How the model was trained.</summary>
    public TrainingMetadata Training { get; }

    /// <summary>Reads a model from the JSON <see cref="ToJson"/> writes.</summary>
    /// <exception cref="InvalidDataException">The text is not such a model; the message names the JSON path.</exception>
    public static LogisticRegressionModel FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return ModelJson.Read(json);
    }

    /// <summary>
    /// The model as canonical JSON: snake_case properties in a fixed order, doubles in shortest round-trip form,
    /// indented with <c>\n</c>, a final newline. The same model gives the same bytes.
    /// </summary>
    public string ToJson() => _json;

    /// <summary>The logit <c>z</c> of <paramref name="vector"/>.</summary>
    /// <exception cref="ArgumentException">The vector's length is not <see cref="InputLength"/>.</exception>
    public double Logit(ReadOnlySpan<double> vector)
    {
        if (vector.Length != _weights.Length)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The vector has {vector.Length} slots; model {ModelId} expects {_weights.Length}."), nameof(vector));
        }

        double z = Intercept;
        for (int i = 0; i < _weights.Length; i++)
        {
            z += _weights[i] * ((vector[i] - _means[i]) / _scales[i]);
        }

        return z;
    }

    /// <summary>
    /// The probability of the positive class, strictly between 0 and 1 (it saturates at the nearest representable
    /// values), non-decreasing in every slot with a positive weight. Does not allocate.
    /// </summary>
    /// <exception cref="ArgumentException">The vector's length is not <see cref="InputLength"/>, or it holds NaN or an infinity.</exception>
    public double Score(ReadOnlySpan<double> vector)
    {
        double z = Logit(vector);
        if (double.IsNaN(z))
        {
            throw new ArgumentException("The vector holds NaN or an infinity.", nameof(vector));
        }

        return Math.Clamp(Sigmoid(z), double.Epsilon, LargestBelowOne);
    }

    /// <summary>
    /// Checks that this model can score <paramref name="vectorizer"/>'s vectors: the same contract fingerprint and the
    /// same slots in the same order.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The fingerprints differ (the message names both) or the layouts differ (the message names the first differing slot).
    /// </exception>
    public void ValidateFor(FeatureVectorizer vectorizer)
    {
        ArgumentNullException.ThrowIfNull(vectorizer);
        if (!string.Equals(vectorizer.ContractFingerprint, ContractFingerprint, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"Model {ModelId} was trained on contract {Contract.Name} v{Contract.Version} with fingerprint {ContractFingerprint}, but the vectorizer is for contract {vectorizer.ContractName} v{vectorizer.ContractVersion} with fingerprint {vectorizer.ContractFingerprint}.",
                nameof(vectorizer));
        }

        int common = Math.Min(Slots.Length, vectorizer.Length);
        for (int i = 0; i < common; i++)
        {
            if (!string.Equals(Slots[i].Name, vectorizer.Slots[i].Name, StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Model {ModelId} expects slot {i} to be '{Slots[i].Name}', but the vectorizer's slot {i} is '{vectorizer.Slots[i].Name}'."),
                    nameof(vectorizer));
            }
        }

        if (Slots.Length != vectorizer.Length)
        {
            string first = Slots.Length > common ? $"the model's '{Slots[common].Name}'" : $"the vectorizer's '{vectorizer.Slots[common].Name}'";
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Model {ModelId} expects {Slots.Length} slots but the vectorizer has {vectorizer.Length}; the first differing slot is {common}: {first}."),
                nameof(vectorizer));
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{ModelId} for {Contract.Name} v{Contract.Version} ({Contract.Fingerprint[..Math.Min(12, Contract.Fingerprint.Length)]})";

    /// <summary>The logistic function, computed without overflow.</summary>
    internal static double Sigmoid(double z)
    {
        if (z >= 0)
        {
            return 1 / (1 + Math.Exp(-z));
        }

        double e = Math.Exp(z);
        return e / (1 + e);
    }
}
