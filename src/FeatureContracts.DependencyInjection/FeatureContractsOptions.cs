using System;
using FeatureContracts.Serving;
using FeatureContracts.Vectors;
using NodaTime;

namespace FeatureContracts.DependencyInjection;

/// <summary>
/// What <see cref="FeatureContractsServiceCollectionExtensions.AddFeatureContracts{TView}"/> registers with the
/// transform: the same for every domain.
/// </summary>
public sealed class FeatureContractsOptions
{
    /// <summary>
    /// The model's vector layout for the transform's contract (its imputations belong to the model); required.
    /// </summary>
    public FeatureVectorizer? Vectorizer { get; set; }

    /// <summary>The model; required unless <see cref="ModelFactory"/> is set. It must be trained on the transform's contract.</summary>
    public IScoringModel? Model { get; set; }

    /// <summary>Creates the model from the container (for a model that loads its parameters from a registered service).</summary>
    public Func<IServiceProvider, IScoringModel>? ModelFactory { get; set; }

    /// <summary>
    /// The clock the scorer reads the prediction instant from; required. The library never reads the wall clock by
    /// itself: the application passes <c>NodaTime.SystemClock.Instance</c> (or a fake clock in tests) here.
    /// </summary>
    public IClock? Clock { get; set; }

    /// <summary>
    /// How the scorer treats rows the contract lets through. Leave <see cref="ScorerOptions.Metrics"/> unset to have
    /// the registration make them (from the container's <see cref="System.Diagnostics.Metrics.IMeterFactory"/> when
    /// one is registered).
    /// </summary>
    public ScorerOptions Scorer { get; set; } = ScorerOptions.Default;
}
