using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using FeatureContracts.Contracts;
using FeatureContracts.Domains;
using FeatureContracts.Serving;
using FeatureContracts.Sources;
using FeatureContracts.Vectors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NodaTime;

namespace FeatureContracts.DependencyInjection;

/// <summary>Registers FeatureContracts online scoring of any domain with <see cref="IServiceCollection"/>.</summary>
public static class FeatureContractsServiceCollectionExtensions
{
    /// <summary>
    /// Registers, as singletons: <paramref name="transform"/> (as <see cref="Transform"/>, <see cref="Transform{TView}"/>
    /// and its own class), its domain (as <see cref="Domain"/>, <see cref="Domain{TView}"/> and its own class), its
    /// contract (as <see cref="FeatureContract"/> and <see cref="FeatureContract{TView}"/>), the
    /// <see cref="FeatureVectorizer"/>, the <see cref="IScoringModel"/>, the <see cref="IClock"/>, the
    /// <see cref="ScorerMetrics"/> the scorer records into (the options' <see cref="ScorerOptions.Metrics"/> when set;
    /// else built from the container's <see cref="IMeterFactory"/> when one is registered, e.g. by
    /// <c>services.AddMetrics()</c>, before or after this call; else over a meter of its own), the
    /// <see cref="ScorerOptions"/> (the configured ones with those metrics), the <see cref="OnlineScorer"/>, and what
    /// the scorer reads: unless the service
    /// registered its own <see cref="IHistoryLookup"/> before this call, a <see cref="HistoryStore"/> of the domain's
    /// schema (the service appends its events to it), registered as <see cref="IHistoryLookup"/> too. An
    /// <see cref="IHistoryLookup"/> registered after this call replaces it as what the scorer reads.
    /// </summary>
    /// <typeparam name="TView">The domain's point-in-time view; inferred from <paramref name="transform"/>.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="transform">The one transform (a domain and a contract), the same the training export used.</param>
    /// <param name="configure">Sets the vectorizer, the model and the clock (all required), and the scorer's options.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="ArgumentException">
    /// A required option is missing (every missing one is named), or a model instance or the vectorizer belongs to another
    /// contract fingerprint (the message names both).
    /// </exception>
    /// <exception cref="InvalidOperationException">Online scoring is already registered with <paramref name="services"/>.</exception>
    public static IServiceCollection AddFeatureContracts<TView>(
        this IServiceCollection services, Transform<TView> transform, Action<FeatureContractsOptions> configure)
        where TView : IPointInTimeView
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(transform);
        ArgumentNullException.ThrowIfNull(configure);
        if (services.FirstOrDefault(d => d.ServiceType == typeof(OnlineScorer)) is not null)
        {
            string registered = services.FirstOrDefault(d => d.ServiceType == typeof(Transform))?.ImplementationInstance is Transform other
                ? $" for domain '{other.Domain.Name}' (contract '{other.Contract.Name}' v{other.Contract.Version})"
                : string.Empty;
            throw new InvalidOperationException(
                $"Online scoring is already registered{registered}; one service collection scores one transform.");
        }

        var options = new FeatureContractsOptions();
        configure(options);
        var missing = new List<string>();
        if (options.Vectorizer is null)
        {
            missing.Add($"{nameof(FeatureContractsOptions.Vectorizer)} (the model's vector layout for contract '{transform.Contract.Name}' v{transform.Contract.Version})");
        }

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

        FeatureVectorizer vectorizer = options.Vectorizer!;
        if (options.Model is { } model)
        {
            OnlineScorer.EnsureCompatible(transform, vectorizer, model);
            services.AddSingleton(model);
        }
        else
        {
            services.AddSingleton(options.ModelFactory!);
        }

        Domain<TView> domain = transform.Domain;
        AddAs(services, transform, typeof(Transform), typeof(Transform<TView>));
        AddAs(services, domain, typeof(Domain), typeof(Domain<TView>));
        services.AddSingleton<FeatureContract>(transform.Contract);
        services.AddSingleton(transform.Contract);
        services.AddSingleton(vectorizer);
        services.AddSingleton(options.Clock!);
        ScorerOptions scorerOptions = options.Scorer ?? ScorerOptions.Default;
        if (scorerOptions.Metrics is { } metrics)
        {
            // The application's own metrics: it owns them, so the container does not dispose them.
            services.AddSingleton(metrics);
            services.AddSingleton(scorerOptions);
        }
        else
        {
            services.AddSingleton(provider => new ScorerMetrics(provider.GetService<IMeterFactory>()));
            services.AddSingleton(provider => scorerOptions.WithMetrics(provider.GetRequiredService<ScorerMetrics>()));
        }

        if (services.FirstOrDefault(d => d.ServiceType == typeof(IHistoryLookup)) is null)
        {
            services.TryAddSingleton(_ => new HistoryStore(domain.Schema));
            services.AddSingleton<IHistoryLookup>(provider => provider.GetRequiredService<HistoryStore>());
        }

        services.AddSingleton(provider => new OnlineScorer(
            provider.GetRequiredService<IHistoryLookup>(),
            provider.GetRequiredService<Transform>(),
            provider.GetRequiredService<FeatureVectorizer>(),
            provider.GetRequiredService<IScoringModel>(),
            provider.GetRequiredService<IClock>(),
            provider.GetRequiredService<ScorerOptions>()));
        return services;
    }

    /// <summary>Registers one instance as each of <paramref name="types"/> and as its own class.</summary>
    private static void AddAs(IServiceCollection services, object instance, params Type[] types)
    {
        foreach (Type type in types.Append(instance.GetType()).Distinct())
        {
            services.AddSingleton(type, instance);
        }
    }
}
