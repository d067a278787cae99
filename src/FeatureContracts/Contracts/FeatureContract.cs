using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using FeatureContracts.Rows;
using FeatureContracts.Sources;

namespace FeatureContracts.Contracts;

/// <summary>
/// A built feature contract: a name, a version, a fingerprint, and every feature with its type, source, time
/// boundary and policies. Immutable and safe to share between threads.
/// </summary>
public abstract class FeatureContract
{
    private readonly Dictionary<string, FeatureDefinition> _byName;

    private protected FeatureContract(string name, int version, string? description, ImmutableArray<FeatureDefinition> features)
    {
        Name = name;
        Version = version;
        Description = description;
        Features = features;
        CanonicalForm = CanonicalDeclaration.Write(features);
        Fingerprint = CanonicalDeclaration.Fingerprint(CanonicalForm);
        Schema = new RowSchema(features);
        _byName = new Dictionary<string, FeatureDefinition>(StringComparer.Ordinal);
        foreach (FeatureDefinition feature in features)
        {
            _byName.Add(feature.Name, feature);
        }
    }

    /// <summary>The contract's name.</summary>
    public string Name { get; }

    /// <summary>The contract's version; a vocabulary is pinned by it.</summary>
    public int Version { get; }

    /// <summary>A human description.</summary>
    public string? Description { get; }

    /// <summary>The features, in column order.</summary>
    public ImmutableArray<FeatureDefinition> Features { get; }

    /// <summary>The column layout of this contract's rows.</summary>
    public RowSchema Schema { get; }

    /// <summary>
    /// The canonical declaration the fingerprint hashes: every feature's name, kind, source, inputs and policies,
    /// in order; not the contract's name, version or descriptions.
    /// </summary>
    public string CanonicalForm { get; }

    /// <summary>
    /// SHA-256 of <see cref="CanonicalForm"/>, as lower-case hex. It changes whenever any policy, vocabulary,
    /// range, source or max age changes, and never otherwise.
    /// </summary>
    public string Fingerprint { get; }

    /// <summary>Starts the definition of a contract whose sources read views of type <typeparamref name="TView"/>.</summary>
    /// <param name="name">The contract's lower snake_case name.</param>
    /// <param name="version">The contract's positive version.</param>
    public static FeatureContractBuilder<TView> Define<TView>(string name, int version)
        where TView : IPointInTimeView
        => new(name, version);

    /// <summary>The feature named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such feature.</exception>
    public FeatureDefinition this[string name]
        => _byName.TryGetValue(name, out FeatureDefinition? feature)
            ? feature
            : throw new KeyNotFoundException($"Contract '{Name}' has no feature '{name}'.");

    /// <inheritdoc />
    public override string ToString() => $"{Name} v{Version} ({Fingerprint[..12]})";
}

/// <summary>
/// A built feature contract bound to its value sources over views of type <typeparamref name="TView"/>.
/// <see cref="BuildRow"/> is the one transform from a point-in-time view to a feature row.
/// </summary>
/// <typeparam name="TView">The point-in-time view the sources read.</typeparam>
public sealed class FeatureContract<TView> : FeatureContract
    where TView : IPointInTimeView
{
    private readonly RowEngine<TView> _engine;

    internal FeatureContract(string name, int version, string? description, ImmutableArray<FeatureDefinition> features)
        : base(name, version, description, features)
        => _engine = new RowEngine<TView>(this);

    /// <summary>
    /// Builds the row for the view's entity at the view's prediction instant: reads every feature's source,
    /// applies max age, range, vocabulary and missing rules, and refuses any value whose lineage reaches past
    /// the prediction instant. Returns the row or every reason it was rejected.
    /// </summary>
    /// <param name="view">The point-in-time view; it must hold only what was visible at its instant.</param>
    /// <param name="transformVersion">The version of the code that built the view, recorded in the row.</param>
    public RowResult BuildRow(TView view, string transformVersion)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentException.ThrowIfNullOrWhiteSpace(transformVersion);
        return _engine.Build(view, transformVersion);
    }
}
