using System.Collections.Immutable;
using FeatureContracts.Monitoring;
using FeatureContracts.Sources;
using NodaTime;

namespace FeatureContracts.Contracts;

/// <summary>
/// The declaration of one feature in a built contract: its kind, the source it reads, its time boundary and
/// its policies. Immutable.
/// </summary>
public abstract class FeatureDefinition
{
    private protected FeatureDefinition(
        string name, FeatureKind kind, ValueSource source, MissingPolicy missing, Duration? maxAge, string? description, FeatureMonitors? monitors)
    {
        Name = name;
        Kind = kind;
        Source = source;
        Missing = missing;
        MaxAge = maxAge;
        Description = description;
        Monitors = monitors ?? FeatureMonitors.DefaultFor(kind);
    }

    /// <summary>The feature's column name.</summary>
    public string Name { get; }

    /// <summary>The feature's kind.</summary>
    public FeatureKind Kind { get; }

    /// <summary>The name of the value source the feature reads.</summary>
    public string SourceName => Source.Name;

    /// <summary>The source fields the feature reads.</summary>
    public ImmutableArray<InputField> Inputs => Source.Inputs;

    /// <summary>The missing-value rule.</summary>
    public MissingPolicy Missing { get; }

    /// <summary>
    /// The time boundary beyond visibility: a value whose event occurred before T − max age counts as missing.
    /// <see langword="null"/> when the feature has no max age.
    /// </summary>
    public Duration? MaxAge { get; }

    /// <summary>A human description; not part of the fingerprint.</summary>
    public string? Description { get; }

    /// <summary>
    /// The feature's monitor thresholds (<see cref="FeatureMonitors.DefaultFor"/> when none are declared). Not part of
    /// the fingerprint: thresholds are operations, not row semantics.
    /// </summary>
    public FeatureMonitors Monitors { get; }

    /// <summary>The missing-indicator column's name, when the missing rule emits one.</summary>
    public string? IndicatorName => Missing.Rule == MissingRule.MissingWithIndicator ? Missing.IndicatorName : null;

    internal ValueSource Source { get; }
}

/// <summary>A numeric feature: a finite number within an allowed range.</summary>
public sealed class NumericFeatureDefinition : FeatureDefinition
{
    internal NumericFeatureDefinition(
        string name, ValueSource source, MissingPolicy missing, Duration? maxAge, string? description, FeatureMonitors? monitors, NumericRange range)
        : base(name, FeatureKind.Numeric, source, missing, maxAge, description, monitors)
        => Range = range;

    /// <summary>The allowed range and what happens outside it.</summary>
    public NumericRange Range { get; }
}

/// <summary>A categorical feature: a code from a vocabulary pinned by the contract version.</summary>
public sealed class CategoricalFeatureDefinition : FeatureDefinition
{
    internal CategoricalFeatureDefinition(
        string name,
        ValueSource source,
        MissingPolicy missing,
        Duration? maxAge,
        string? description,
        FeatureMonitors? monitors,
        ImmutableArray<string> vocabulary,
        UnseenCategoryPolicy unseen)
        : base(name, FeatureKind.Categorical, source, missing, maxAge, description, monitors)
    {
        Vocabulary = vocabulary;
        Unseen = unseen;
    }

    /// <summary>The pinned vocabulary, in slot order.</summary>
    public ImmutableArray<string> Vocabulary { get; }

    /// <summary>What happens to a code outside the vocabulary.</summary>
    public UnseenCategoryPolicy Unseen { get; }
}

/// <summary>A boolean feature.</summary>
public sealed class BooleanFeatureDefinition : FeatureDefinition
{
    internal BooleanFeatureDefinition(string name, ValueSource source, MissingPolicy missing, Duration? maxAge, string? description, FeatureMonitors? monitors)
        : base(name, FeatureKind.Boolean, source, missing, maxAge, description, monitors)
    {
    }
}
