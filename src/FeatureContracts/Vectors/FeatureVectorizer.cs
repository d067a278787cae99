using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using FeatureContracts.Contracts;
using FeatureContracts.Rows;

namespace FeatureContracts.Vectors;

/// <summary>What a vector slot holds.</summary>
public enum SlotKind
{
    /// <summary>A numeric value, or a boolean as 1 or 0.</summary>
    Value,

    /// <summary>1 when the categorical feature has this vocabulary code, else 0.</summary>
    OneHot,

    /// <summary>1 when the categorical feature's code was unseen and mapped to its bucket, else 0.</summary>
    UnseenBucket,

    /// <summary>1 when the feature is missing, else 0.</summary>
    MissingIndicator,
}

/// <summary>One slot of a model vector.</summary>
/// <param name="Index">The slot's position.</param>
/// <param name="Name">The slot's name, e.g. <c>carrier=northline</c>.</param>
/// <param name="Feature">The feature the slot belongs to.</param>
/// <param name="Kind">What the slot holds.</param>
public sealed record VectorSlot(int Index, string Name, string Feature, SlotKind Kind);

/// <summary>
/// Turns a contract's rows into the model's numeric vector with explicit slots: a value slot per numeric or
/// boolean feature, one one-hot slot per vocabulary code plus the unseen bucket's own slot, and an indicator
/// slot after every feature that can be missing. A missing value is never a silent zero: its value slot takes
/// the value declared with <see cref="FeatureVectorizerBuilder.ImputeMissing"/> and its indicator slot is 1.
/// Immutable and thread-safe.
/// </summary>
public sealed class FeatureVectorizer
{
    private readonly Plan[] _plans;

    internal FeatureVectorizer(FeatureContract contract, ImmutableArray<VectorSlot> slots, Plan[] plans)
    {
        ContractName = contract.Name;
        ContractVersion = contract.Version;
        ContractFingerprint = contract.Fingerprint;
        Slots = slots;
        _plans = plans;
    }

    /// <summary>The name of the contract whose rows this vectorizer takes.</summary>
    public string ContractName { get; }

    /// <summary>The version of the contract whose rows this vectorizer takes.</summary>
    public int ContractVersion { get; }

    /// <summary>The fingerprint of the contract whose rows this vectorizer takes.</summary>
    public string ContractFingerprint { get; }

    /// <summary>The slots, in vector order.</summary>
    public ImmutableArray<VectorSlot> Slots { get; }

    /// <summary>The vector's length.</summary>
    public int Length => Slots.Length;

    /// <summary>Starts a vector layout for <paramref name="contract"/>.</summary>
    public static FeatureVectorizerBuilder For(FeatureContract contract) => new(contract);

    /// <summary>Writes <paramref name="row"/>'s vector into <paramref name="destination"/> without allocating.</summary>
    /// <exception cref="ArgumentException">The row was built under another contract, or the destination is too short.</exception>
    public void Vectorize(FeatureRow row, Span<double> destination)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (!string.Equals(row.Fingerprint, ContractFingerprint, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"The row was built under contract fingerprint {row.Fingerprint}, but this vectorizer is for {ContractFingerprint}.", nameof(row));
        }

        PrepareDestination(destination);
        for (int i = 0; i < _plans.Length; i++)
        {
            WriteFeature(i, row.Cells[i].Value, destination, nameof(row));
        }
    }

    /// <summary>
    /// Writes the vector of one row given as its feature values (one per feature, in contract order, as a training
    /// file holds them) into <paramref name="destination"/> without allocating. The values must be what the
    /// contract's policies can produce: each of its feature's kind, a category from the vocabulary or the unseen
    /// bucket, and missing only for a feature whose missing rule keeps it missing.
    /// </summary>
    /// <param name="featureValues">One value per feature of the contract, in contract order.</param>
    /// <param name="destination">At least <see cref="Length"/> slots.</param>
    /// <exception cref="ArgumentException">
    /// The number of values is not the contract's number of features, a value does not fit its feature or is
    /// <c>default(FeatureValue)</c> (the message names the feature), or the destination is too short.
    /// </exception>
    public void Vectorize(ReadOnlySpan<FeatureValue> featureValues, Span<double> destination)
    {
        if (featureValues.Length != _plans.Length)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The contract has {_plans.Length} features; {featureValues.Length} values were given."),
                nameof(featureValues));
        }

        PrepareDestination(destination);
        for (int i = 0; i < _plans.Length; i++)
        {
            WriteFeature(i, featureValues[i], destination, nameof(featureValues));
        }
    }

    /// <summary>Returns <paramref name="row"/>'s vector.</summary>
    public double[] Vectorize(FeatureRow row)
    {
        var vector = new double[Length];
        Vectorize(row, vector);
        return vector;
    }

    private void PrepareDestination(Span<double> destination)
    {
        if (destination.Length < Length)
        {
            throw new ArgumentException($"The destination holds {destination.Length} slots; the vector needs {Length}.", nameof(destination));
        }

        destination[..Length].Clear();
    }

    /// <summary>The one implementation of a feature's slots, shared by every overload.</summary>
    private void WriteFeature(int feature, FeatureValue value, Span<double> destination, string parameterName)
    {
        Plan plan = _plans[feature];
        if (value.IsDefault)
        {
            throw new ArgumentException($"Feature '{plan.Name}' holds default(FeatureValue), which is no value: neither a {plan.Kind} value nor missing.", parameterName);
        }

        if (value.Kind != plan.Kind)
        {
            throw new ArgumentException($"Feature '{plan.Name}' is {plan.Kind}; the value given is {value.Kind}.", parameterName);
        }

        if (value.IsMissing)
        {
            if (plan.IndicatorSlot < 0)
            {
                throw new ArgumentException($"Feature '{plan.Name}' is never missing under its contract (missing rule other than an indicator).", parameterName);
            }

            if (plan.Kind != FeatureKind.Categorical)
            {
                destination[plan.FirstSlot] = plan.Imputation;
            }

            destination[plan.IndicatorSlot] = 1;
            return;
        }

        switch (plan.Kind)
        {
            case FeatureKind.Numeric:
                destination[plan.FirstSlot] = value.Number!.Value;
                break;
            case FeatureKind.Boolean:
                destination[plan.FirstSlot] = value.Boolean!.Value ? 1 : 0;
                break;
            default:
                if (!plan.Codes!.TryIndexOf(value.Category!, out int offset))
                {
                    throw new ArgumentException($"Feature '{plan.Name}' has no slot for category '{value.Category}' (not in its vocabulary nor its unseen bucket).", parameterName);
                }

                destination[plan.FirstSlot + offset] = 1;
                break;
        }
    }

    internal sealed record Plan(string Name, FeatureKind Kind, int FirstSlot, int IndicatorSlot, double Imputation, CodeIndex? Codes);

    /// <summary>Maps a category code (vocabulary code or unseen bucket) to its offset among the feature's slots.</summary>
    internal sealed class CodeIndex(Dictionary<string, int> offsets)
    {
        public bool TryIndexOf(string code, out int offset) => offsets.TryGetValue(code, out offset);
    }
}

/// <summary>Declares a vector layout's slot values for missing features, then builds it.</summary>
public sealed class FeatureVectorizerBuilder
{
    private readonly FeatureContract _contract;
    private readonly Dictionary<string, double> _imputations = new(StringComparer.Ordinal);
    private readonly List<ContractProblem> _problems = [];
    private bool _built;

    internal FeatureVectorizerBuilder(FeatureContract contract)
    {
        ArgumentNullException.ThrowIfNull(contract);
        _contract = contract;
    }

    /// <summary>
    /// Declares the value slot's content when <paramref name="feature"/> is missing (its indicator slot is then 1).
    /// Required for every numeric or boolean feature whose missing rule keeps it missing.
    /// </summary>
    public FeatureVectorizerBuilder ImputeMissing(string feature, double slotValue)
    {
        ArgumentNullException.ThrowIfNull(feature);
        if (!double.IsFinite(slotValue))
        {
            _problems.Add(new ContractProblem(feature, ContractProblemCode.InvalidImputation, "the slot value for a missing feature must be finite"));
        }

        if (!_imputations.TryAdd(feature, slotValue))
        {
            _problems.Add(new ContractProblem(feature, ContractProblemCode.PolicyDeclaredTwice, "the slot value for a missing feature is declared twice"));
        }

        return this;
    }

    /// <summary>Builds the vectorizer.</summary>
    /// <exception cref="ContractDefinitionException">Every problem with the layout, at once.</exception>
    /// <exception cref="InvalidOperationException">The builder was already built.</exception>
    public FeatureVectorizer Build()
    {
        if (_built)
        {
            throw new InvalidOperationException("This vectorizer builder was already built.");
        }

        _built = true;
        var problems = new List<ContractProblem>(_problems);
        var slots = ImmutableArray.CreateBuilder<VectorSlot>();
        var plans = new FeatureVectorizer.Plan[_contract.Features.Length];
        var known = new HashSet<string>(StringComparer.Ordinal);

        for (int i = 0; i < _contract.Features.Length; i++)
        {
            FeatureDefinition feature = _contract.Features[i];
            known.Add(feature.Name);
            bool canBeMissing = feature.Missing.Rule == MissingRule.MissingWithIndicator;
            bool hasImputation = _imputations.TryGetValue(feature.Name, out double imputation);
            int first = slots.Count;
            FeatureVectorizer.CodeIndex? codes = null;

            if (feature is CategoricalFeatureDefinition categorical)
            {
                var offsets = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (string code in categorical.Vocabulary)
                {
                    offsets.Add(code, offsets.Count);
                    slots.Add(new VectorSlot(slots.Count, $"{feature.Name}={code}", feature.Name, SlotKind.OneHot));
                }

                if (categorical.Unseen.Bucket is { } bucket)
                {
                    offsets.Add(bucket, offsets.Count);
                    slots.Add(new VectorSlot(slots.Count, $"{feature.Name}={bucket}", feature.Name, SlotKind.UnseenBucket));
                }

                codes = new FeatureVectorizer.CodeIndex(offsets);
                if (hasImputation)
                {
                    problems.Add(new ContractProblem(
                        feature.Name, ContractProblemCode.InvalidImputation, "a missing category sets no one-hot slot and needs no slot value"));
                }
            }
            else
            {
                slots.Add(new VectorSlot(slots.Count, feature.Name, feature.Name, SlotKind.Value));
                if (canBeMissing && !hasImputation)
                {
                    problems.Add(new ContractProblem(
                        feature.Name,
                        ContractProblemCode.ImputationNotDeclared,
                        "the feature can be missing; declare its value slot's content with ImputeMissing (a missing value is never a silent zero)"));
                }
                else if (!canBeMissing && hasImputation)
                {
                    problems.Add(new ContractProblem(
                        feature.Name, ContractProblemCode.InvalidImputation, $"the feature is never missing in a row (missing rule {feature.Missing.Rule})"));
                }
            }

            int indicator = -1;
            if (canBeMissing)
            {
                indicator = slots.Count;
                slots.Add(new VectorSlot(slots.Count, feature.IndicatorName!, feature.Name, SlotKind.MissingIndicator));
            }

            plans[i] = new FeatureVectorizer.Plan(feature.Name, feature.Kind, first, indicator, imputation, codes);
        }

        foreach (string name in _imputations.Keys)
        {
            if (!known.Contains(name))
            {
                problems.Add(new ContractProblem(name, ContractProblemCode.UnknownFeature, $"contract '{_contract.Name}' has no feature '{name}'"));
            }
        }

        if (problems.Count > 0)
        {
            throw new ContractDefinitionException(_contract.Name, problems);
        }

        return new FeatureVectorizer(_contract, slots.ToImmutable(), plans);
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"vector layout for {_contract.Name} ({_imputations.Count} imputations)");
}
