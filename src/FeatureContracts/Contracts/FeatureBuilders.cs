using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using FeatureContracts.Monitoring;
using FeatureContracts.Sources;
using NodaTime;

namespace FeatureContracts.Contracts;

/// <summary>
/// Declares one feature. Every method records a declaration; nothing is checked until the contract is
/// built, so that <see cref="FeatureContractBuilder{TView}.Build"/> can list every problem at once.
/// </summary>
/// <typeparam name="TSelf">The concrete builder, for fluent chaining.</typeparam>
/// <typeparam name="TView">The point-in-time view the feature's source reads.</typeparam>
/// <typeparam name="T">The raw value's type.</typeparam>
public abstract class FeatureBuilder<TSelf, TView, T>
    where TSelf : FeatureBuilder<TSelf, TView, T>
    where TView : IPointInTimeView
{
    private readonly List<(ContractProblemCode Code, string Message)> _declarationProblems = [];
    private ValueSource<TView, T>? _source;
    private MissingPolicy? _missing;
    private Duration? _maxAge;
    private string? _description;
    private FeatureMonitorsBuilder? _monitors;

    private protected FeatureBuilder(string name) => Name = name;

    private protected string Name { get; }

    private TSelf Self => (TSelf)this;

    /// <summary>Reads the feature's raw value from <paramref name="source"/>.</summary>
    public TSelf From(ValueSource<TView, T> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (_source is not null)
        {
            Declared(ContractProblemCode.PolicyDeclaredTwice, "the value source is declared twice");
        }

        _source = source;
        return Self;
    }

    /// <summary>A missing value rejects the whole row.</summary>
    public TSelf RejectIfMissing() => SetMissing(new MissingPolicy(MissingRule.RejectRow));

    /// <summary>A missing value is replaced by <paramref name="value"/> (which must itself satisfy the feature's policies).</summary>
    public TSelf FillMissingWith(T value) => SetMissing(new MissingPolicy(MissingRule.Fill, ToFeatureValue(value)));

    /// <summary>
    /// A missing value stays missing and an indicator column (by default <c>{name}_missing</c>) is 1; the value
    /// is never zero-filled.
    /// </summary>
    public TSelf EmitMissingWithIndicator(string? indicatorName = null)
        => SetMissing(new MissingPolicy(MissingRule.MissingWithIndicator, IndicatorName: indicatorName ?? Name + "_missing"));

    /// <summary>
    /// A value whose event occurred before T − <paramref name="maxAge"/> counts as missing, never as a stale value.
    /// The bound is inclusive: a value exactly <paramref name="maxAge"/> old is kept.
    /// </summary>
    public TSelf MaxAge(Duration maxAge)
    {
        if (_maxAge is not null)
        {
            Declared(ContractProblemCode.PolicyDeclaredTwice, "the max age is declared twice");
        }

        _maxAge = maxAge;
        return Self;
    }

    /// <summary>
    /// Declares the feature's monitor thresholds (not part of the fingerprint: tightening an alert never invalidates a
    /// trained model). Undeclared thresholds keep <see cref="FeatureMonitors.DefaultFor"/>.
    /// </summary>
    public TSelf Monitor(Action<FeatureMonitorsBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        if (_monitors is not null)
        {
            Declared(ContractProblemCode.PolicyDeclaredTwice, "the monitors are declared twice");
        }

        var monitors = new FeatureMonitorsBuilder();
        configure(monitors);
        _monitors = monitors;
        return Self;
    }

    /// <summary>Attaches a human description (not part of the fingerprint).</summary>
    public TSelf Describe(string description)
    {
        _description = description;
        return Self;
    }

    private protected TSelf SetMissing(MissingPolicy policy)
    {
        if (_missing is not null)
        {
            Declared(ContractProblemCode.PolicyDeclaredTwice, "the missing-value rule is declared twice");
        }

        _missing = policy;
        return Self;
    }

    private protected void Declared(ContractProblemCode code, string message) => _declarationProblems.Add((code, message));

    private protected abstract FeatureValue ToFeatureValue(T value);

    private protected abstract FeatureKind Kind { get; }

    private protected abstract FeatureDefinition Create(
        ValueSource source, MissingPolicy missing, Duration? maxAge, string? description, FeatureMonitors? monitors);

    private protected abstract void ValidateKind(MissingPolicy? missing, Action<ContractProblemCode, string> report);

    internal FeatureDefinition? Build(List<ContractProblem> problems)
    {
        int before = problems.Count;
        void Report(ContractProblemCode code, string message) => problems.Add(new ContractProblem(Name, code, message));

        if (!FeatureNames.IsValid(Name))
        {
            Report(ContractProblemCode.InvalidFeatureName, $"'{Name}' is not a lower snake_case name");
        }

        foreach (var (code, message) in _declarationProblems)
        {
            Report(code, message);
        }

        if (_source is null)
        {
            Report(ContractProblemCode.MissingValueSource, "no value source is declared (call From(...))");
        }
        else
        {
            foreach (InputField field in _source.Inputs.Where(f => f.Role == FieldRole.OutcomeOnly))
            {
                Report(
                    ContractProblemCode.OutcomeFieldAsInput,
                    $"feature '{Name}' reads '{field.QualifiedName}' (through source '{_source.Name}'), an outcome-only field that can never feed a feature");
            }
        }

        if (_missing is null)
        {
            Report(ContractProblemCode.MissingRuleNotDeclared, "no missing-value rule is declared");
        }
        else if (_missing.Rule == MissingRule.MissingWithIndicator && !FeatureNames.IsValid(_missing.IndicatorName))
        {
            Report(ContractProblemCode.InvalidFeatureName, $"indicator name '{_missing.IndicatorName}' is not a lower snake_case name");
        }

        if (_maxAge is { } age && age <= Duration.Zero)
        {
            Report(ContractProblemCode.NonPositiveMaxAge, $"max age {age} must be positive");
        }

        if (_missing is { Rule: MissingRule.DefaultWhereSourceDeclaresAbsence, Value: { } declaredDefault } && _source is not null)
        {
            bool declared = _source.Inputs.Any(f => f.AbsenceMeans is { } meaning && FeatureValue.Bool(meaning) == declaredDefault);
            if (!declared)
            {
                Report(
                    ContractProblemCode.AbsenceNotDeclaredBySource,
                    $"no input of source '{_source.Name}' declares that its absence means {declaredDefault}");
            }
        }

        ValidateKind(_missing, Report);

        FeatureMonitors? monitors = _monitors?.Build(
            Kind, (code, message, property) => problems.Add(ProblemDeclarations.At(new ContractProblem(Name, code, message), "monitors." + property)));

        return problems.Count > before ? null : Create(_source!, _missing!, _maxAge, _description, monitors);
    }
}

/// <summary>Declares a numeric feature.</summary>
/// <typeparam name="TView">The point-in-time view the feature's source reads.</typeparam>
public sealed class NumericFeatureBuilder<TView> : FeatureBuilder<NumericFeatureBuilder<TView>, TView, double>
    where TView : IPointInTimeView
{
    private NumericRange? _range;

    internal NumericFeatureBuilder(string name)
        : base(name)
    {
    }

    /// <summary>Values outside [<paramref name="min"/>, <paramref name="max"/>] (inclusive) reject the row.</summary>
    public NumericFeatureBuilder<TView> RejectOutside(double min, double max) => SetRange(new NumericRange(min, max, OutOfRangeAction.Reject));

    /// <summary>Values outside [<paramref name="min"/>, <paramref name="max"/>] (inclusive) are clamped to the nearest bound.</summary>
    public NumericFeatureBuilder<TView> ClampTo(double min, double max) => SetRange(new NumericRange(min, max, OutOfRangeAction.Clamp));

    /// <summary>Values above <paramref name="max"/> are clamped to it; there is no lower bound.</summary>
    public NumericFeatureBuilder<TView> CapAt(double max) => ClampTo(double.NegativeInfinity, max);

    private protected override FeatureValue ToFeatureValue(double value) => FeatureValue.Numeric(value);

    private protected override FeatureKind Kind => FeatureKind.Numeric;

    private protected override FeatureDefinition Create(ValueSource source, MissingPolicy missing, Duration? maxAge, string? description, FeatureMonitors? monitors)
        => new NumericFeatureDefinition(Name, source, missing, maxAge, description, monitors, _range!);

    private protected override void ValidateKind(MissingPolicy? missing, Action<ContractProblemCode, string> report)
    {
        if (_range is null)
        {
            report(ContractProblemCode.RangeNotDeclared, "no allowed range is declared (RejectOutside, ClampTo or CapAt)");
        }
        else if (double.IsNaN(_range.Min) || double.IsNaN(_range.Max))
        {
            report(ContractProblemCode.NaNBound, "a range bound is NaN");
        }
        else if (_range.Min > _range.Max)
        {
            report(
                ContractProblemCode.MinGreaterThanMax,
                string.Create(CultureInfo.InvariantCulture, $"range minimum {_range.Min:R} is greater than its maximum {_range.Max:R}"));
        }

        if (missing?.Value is { Number: { } fill })
        {
            if (!double.IsFinite(fill))
            {
                report(ContractProblemCode.InvalidFillValue, string.Create(CultureInfo.InvariantCulture, $"fill value {fill:R} is not finite"));
            }
            else if (_range is not null && !double.IsNaN(_range.Min) && !double.IsNaN(_range.Max) && !_range.Contains(fill))
            {
                report(
                    ContractProblemCode.InvalidFillValue,
                    string.Create(CultureInfo.InvariantCulture, $"fill value {fill:R} lies outside the allowed range [{_range.Min:R}, {_range.Max:R}]"));
            }
        }
    }

    private NumericFeatureBuilder<TView> SetRange(NumericRange range)
    {
        if (_range is not null)
        {
            Declared(ContractProblemCode.PolicyDeclaredTwice, "the allowed range is declared twice");
        }

        _range = range;
        return this;
    }
}

/// <summary>Declares a categorical feature.</summary>
/// <typeparam name="TView">The point-in-time view the feature's source reads.</typeparam>
public sealed class CategoricalFeatureBuilder<TView> : FeatureBuilder<CategoricalFeatureBuilder<TView>, TView, string>
    where TView : IPointInTimeView
{
    private ImmutableArray<string>? _vocabulary;
    private UnseenCategoryPolicy? _unseen;

    internal CategoricalFeatureBuilder(string name)
        : base(name)
    {
    }

    /// <summary>Pins the vocabulary, in slot order. Codes compare ordinally (case-sensitive).</summary>
    public CategoricalFeatureBuilder<TView> Vocabulary(params IEnumerable<string> codes)
    {
        ArgumentNullException.ThrowIfNull(codes);
        if (_vocabulary is not null)
        {
            Declared(ContractProblemCode.PolicyDeclaredTwice, "the vocabulary is declared twice");
        }

        _vocabulary = [.. codes];
        return this;
    }

    /// <summary>A code outside the vocabulary maps to <paramref name="bucket"/> and is counted as unseen.</summary>
    public CategoricalFeatureBuilder<TView> MapUnseenTo(string bucket) => SetUnseen(new UnseenCategoryPolicy(UnseenAction.MapToBucket, bucket));

    /// <summary>A code outside the vocabulary rejects the row.</summary>
    public CategoricalFeatureBuilder<TView> RejectUnseen() => SetUnseen(new UnseenCategoryPolicy(UnseenAction.Reject, null));

    private protected override FeatureValue ToFeatureValue(string value) => FeatureValue.Categorical(value ?? string.Empty);

    private protected override FeatureKind Kind => FeatureKind.Categorical;

    private protected override FeatureDefinition Create(ValueSource source, MissingPolicy missing, Duration? maxAge, string? description, FeatureMonitors? monitors)
        => new CategoricalFeatureDefinition(Name, source, missing, maxAge, description, monitors, _vocabulary!.Value, _unseen!);

    private protected override void ValidateKind(MissingPolicy? missing, Action<ContractProblemCode, string> report)
    {
        ImmutableArray<string> vocabulary = _vocabulary ?? ImmutableArray<string>.Empty;
        if (vocabulary.IsEmpty)
        {
            report(ContractProblemCode.EmptyVocabulary, "the vocabulary is empty");
        }

        foreach (string code in vocabulary.Where(c => string.IsNullOrWhiteSpace(c)))
        {
            report(ContractProblemCode.InvalidCategory, $"vocabulary entry '{code}' is blank");
        }

        foreach (var group in vocabulary.Where(c => c is not null).GroupBy(c => c, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            report(ContractProblemCode.DuplicateVocabularyEntry, $"vocabulary entry '{group.Key}' is listed {group.Count()} times");
        }

        if (_unseen is null)
        {
            report(ContractProblemCode.UnseenPolicyNotDeclared, "no unseen-category policy is declared (MapUnseenTo or RejectUnseen)");
        }
        else if (_unseen.Action == UnseenAction.MapToBucket)
        {
            if (string.IsNullOrWhiteSpace(_unseen.Bucket))
            {
                report(ContractProblemCode.InvalidCategory, "the unseen bucket is blank");
            }
            else if (vocabulary.Contains(_unseen.Bucket, StringComparer.Ordinal))
            {
                report(ContractProblemCode.UnseenBucketInVocabulary, $"unseen bucket '{_unseen.Bucket}' is also a vocabulary entry");
            }
        }

        if (missing?.Value is { Category: { } fill }
            && !vocabulary.Contains(fill, StringComparer.Ordinal)
            && !string.Equals(fill, _unseen?.Bucket, StringComparison.Ordinal))
        {
            report(ContractProblemCode.InvalidFillValue, $"fill value '{fill}' is neither in the vocabulary nor the unseen bucket");
        }
    }

    private CategoricalFeatureBuilder<TView> SetUnseen(UnseenCategoryPolicy policy)
    {
        if (_unseen is not null)
        {
            Declared(ContractProblemCode.PolicyDeclaredTwice, "the unseen-category policy is declared twice");
        }

        _unseen = policy;
        return this;
    }
}

/// <summary>Declares a boolean feature.</summary>
/// <typeparam name="TView">The point-in-time view the feature's source reads.</typeparam>
public sealed class BooleanFeatureBuilder<TView> : FeatureBuilder<BooleanFeatureBuilder<TView>, TView, bool>
    where TView : IPointInTimeView
{
    internal BooleanFeatureBuilder(string name)
        : base(name)
    {
    }

    /// <summary>
    /// Where the source declares that the field's absence means <paramref name="value"/>, an absent field takes
    /// that value; any other missing value rejects the row. Building fails if no input of the source declares
    /// that meaning.
    /// </summary>
    public BooleanFeatureBuilder<TView> DefaultWhereSourceDeclaresAbsence(bool value)
        => SetMissing(new MissingPolicy(MissingRule.DefaultWhereSourceDeclaresAbsence, FeatureValue.Bool(value)));

    private protected override FeatureValue ToFeatureValue(bool value) => FeatureValue.Bool(value);

    private protected override FeatureKind Kind => FeatureKind.Boolean;

    private protected override FeatureDefinition Create(ValueSource source, MissingPolicy missing, Duration? maxAge, string? description, FeatureMonitors? monitors)
        => new BooleanFeatureDefinition(Name, source, missing, maxAge, description, monitors);

    private protected override void ValidateKind(MissingPolicy? missing, Action<ContractProblemCode, string> report)
    {
    }
}

internal static class FeatureNames
{
    public static bool IsValid(string? name)
        => !string.IsNullOrEmpty(name)
            && name[0] is >= 'a' and <= 'z'
            && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_');
}
