using System;
using System.Collections.Generic;
using FeatureContracts.Contracts;
using FeatureContracts.Serving;
using FeatureContracts.Shipments;
using FeatureContracts.Shipments.Contract;
using FeatureContracts.Shipments.Histories;
using FeatureContracts.Vectors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NodaTime;

namespace FeatureContracts.DependencyInjection;

/// <summary>Registers FeatureContracts online scoring with <see cref="IServiceCollection"/>.</summary>
public static class FeatureContractsServiceCollectionExtensions
{
    /// <summary>
    /// Registers, as singletons: the <see cref="ShipmentTransform"/>, its contract (as <see cref="FeatureContract"/> and
    /// <see cref="FeatureContract{TView}"/> of <see cref="ShipmentView"/>), the <see cref="FeatureVectorizer"/>, the
    /// <see cref="IScoringModel"/>, the <see cref="IClock"/>, the <see cref="ScorerOptions"/>, an
    /// <see cref="IShipmentHistoryStore"/> (an <see cref="InMemoryShipmentHistoryStore"/> unless one is registered,
    /// before or after this call) and the <see cref="OnlineScorer"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the transform, the model and the clock (both required), and the options.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="ArgumentException">
    /// A required option is missing (every missing one is named), or a model instance was trained on another contract
    /// fingerprint (the message names both).
    /// </exception>
    public static IServiceCollection AddFeatureContracts(this IServiceCollection services, Action<FeatureContractsOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new FeatureContractsOptions();
        configure(options);

        var missing = new List<string>();
        if (options.Model is null && options.ModelFactory is null)
        {
            missing.Add($"{nameof(FeatureContractsOptions.Model)} (or {nameof(FeatureContractsOptions.ModelFactory)})");
        }

        if (options.Clock is null)
        {
            missing.Add($"{nameof(FeatureContractsOptions.Clock)} (the library never reads the wall clock: pass NodaTime.SystemClock.Instance from the application)");
        }

        if (missing.Count > 0)
        {
            throw new ArgumentException("AddFeatureContracts needs: " + string.Join("; ", missing) + ".", nameof(configure));
        }

        ShipmentTransform transform = options.Transform ?? ShipmentTransform.LateDeliveryV1;
        FeatureVectorizer vectorizer = options.Vectorizer ?? LateDeliveryContract.Vectorizer(transform.Contract);
        if (options.Model is { } model)
        {
            OnlineScorer.EnsureCompatible(transform, vectorizer, model);
            services.AddSingleton(model);
        }
        else
        {
            services.AddSingleton(options.ModelFactory!);
        }

        IClock clock = options.Clock!;
        ScorerOptions scorerOptions = options.Scorer ?? ScorerOptions.Default;
        services.AddSingleton(transform);
        services.AddSingleton(transform.Contract);
        services.AddSingleton<FeatureContract>(transform.Contract);
        services.AddSingleton(vectorizer);
        services.AddSingleton(clock);
        services.AddSingleton(scorerOptions);
        services.TryAddSingleton<IShipmentHistoryStore, InMemoryShipmentHistoryStore>();
        services.AddSingleton(provider => new OnlineScorer(
            provider.GetRequiredService<IShipmentHistoryStore>(),
            provider.GetRequiredService<ShipmentTransform>(),
            provider.GetRequiredService<FeatureVectorizer>(),
            provider.GetRequiredService<IScoringModel>(),
            provider.GetRequiredService<IClock>(),
            provider.GetRequiredService<ScorerOptions>()));
        return services;
    }
}
