using System;
using System.Collections.Generic;
using System.Linq;
using FeatureContracts.Sources;

namespace FeatureContracts.Contracts;

/// <summary>
/// Builds a <see cref="FeatureContract{TView}"/>. Single use: <see cref="Build"/> may be called once, and it
/// either returns an immutable contract or throws one <see cref="ContractDefinitionException"/> listing every
/// problem in the definition.
/// </summary>
/// <typeparam name="TView">The point-in-time view the contract's sources read.</typeparam>
public sealed class FeatureContractBuilder<TView>
    where TView : IPointInTimeView
{
    private readonly string _name;
    private readonly int _version;
    private readonly List<Func<List<ContractProblem>, FeatureDefinition?>> _features = [];
    private readonly List<string> _featureNames = [];
    private string? _description;
    private bool _built;

    internal FeatureContractBuilder(string name, int version)
    {
        _name = name;
        _version = version;
    }

    /// <summary>Attaches a human description of the contract (not part of the fingerprint).</summary>
    public FeatureContractBuilder<TView> Describe(string description)
    {
        EnsureNotBuilt();
        _description = description;
        return this;
    }

    /// <summary>Declares a numeric feature.</summary>
    public FeatureContractBuilder<TView> Numeric(string name, Action<NumericFeatureBuilder<TView>> configure)
        => Add(name, new NumericFeatureBuilder<TView>(name), configure);

    /// <summary>Declares a categorical feature.</summary>
    public FeatureContractBuilder<TView> Categorical(string name, Action<CategoricalFeatureBuilder<TView>> configure)
        => Add(name, new CategoricalFeatureBuilder<TView>(name), configure);

    /// <summary>Declares a boolean feature.</summary>
    public FeatureContractBuilder<TView> Boolean(string name, Action<BooleanFeatureBuilder<TView>> configure)
        => Add(name, new BooleanFeatureBuilder<TView>(name), configure);

    /// <summary>
    /// Checks the whole definition and returns the immutable contract.
    /// </summary>
    /// <exception cref="ContractDefinitionException">The definition has one or more problems; all are listed.</exception>
    /// <exception cref="InvalidOperationException">The builder was already built.</exception>
    public FeatureContract<TView> Build()
    {
        EnsureNotBuilt();
        _built = true;

        var problems = new List<ContractProblem>();
        if (!FeatureNames.IsValid(_name))
        {
            problems.Add(new ContractProblem(null, ContractProblemCode.InvalidContractName, $"contract name '{_name}' is not a lower snake_case name"));
        }

        if (_version <= 0)
        {
            problems.Add(new ContractProblem(null, ContractProblemCode.InvalidVersion, $"version {_version} must be positive"));
        }

        if (_features.Count == 0)
        {
            problems.Add(new ContractProblem(null, ContractProblemCode.NoFeatures, "the contract declares no feature"));
        }

        var definitions = new List<FeatureDefinition>();
        foreach (var build in _features)
        {
            if (build(problems) is { } definition)
            {
                definitions.Add(definition);
            }
        }

        ReportDuplicateColumns(problems, definitions);

        if (problems.Count > 0)
        {
            throw new ContractDefinitionException(_name, problems);
        }

        return new FeatureContract<TView>(_name, _version, _description, [.. definitions]);
    }

    private void ReportDuplicateColumns(List<ContractProblem> problems, List<FeatureDefinition> definitions)
    {
        foreach (var group in _featureNames.GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add(new ContractProblem(group.Key, ContractProblemCode.DuplicateFeatureName, $"feature '{group.Key}' is declared {group.Count()} times"));
        }

        var featureNames = new HashSet<string>(_featureNames, StringComparer.Ordinal);
        var indicatorNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (FeatureDefinition feature in definitions)
        {
            if (feature.IndicatorName is not { } indicator)
            {
                continue;
            }

            if (featureNames.Contains(indicator) || !indicatorNames.Add(indicator))
            {
                problems.Add(new ContractProblem(
                    feature.Name, ContractProblemCode.DuplicateFeatureName, $"indicator column '{indicator}' collides with another column"));
            }
        }
    }

    private FeatureContractBuilder<TView> Add<TBuilder>(string name, TBuilder builder, Action<TBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        EnsureNotBuilt();
        configure(builder);
        _featureNames.Add(name);
        _features.Add(builder switch
        {
            NumericFeatureBuilder<TView> n => n.Build,
            CategoricalFeatureBuilder<TView> c => c.Build,
            BooleanFeatureBuilder<TView> b => b.Build,
            _ => throw new InvalidOperationException("Unknown feature builder."),
        });
        return this;
    }

    private void EnsureNotBuilt()
    {
        if (_built)
        {
            throw new InvalidOperationException($"The builder of contract '{_name}' was already built; start a new one with FeatureContract.Define.");
        }
    }
}
