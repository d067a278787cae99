using System;
using System.Diagnostics.Metrics;
using System.Linq;
using FeatureContracts.Domains;
using FeatureContracts.Serving;
using FeatureContracts.Shipments;
using FeatureContracts.Shipments.Contract;
using FeatureContracts.Shipments.Events;
using FeatureContracts.Vectors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using NodaTime;
using NodaTime.Testing;

namespace FeatureContracts.DependencyInjection.Tests;

public sealed class AddFeatureContractsMetricsTests
{
    private static readonly Instant Nine = Instant.FromUtc(2026, 5, 1, 9, 0);

    private sealed class HalfModel : IScoringModel
    {
        public string ModelId => "half@1";

        public string ContractFingerprint => LateDeliveryContract.V1.Fingerprint;

        public int InputLength => LateDeliveryContract.Vectorizer().Length;

        public double Score(ReadOnlySpan<double> vector) => 0.5;
    }

    private static ServiceProvider Build(Action<IServiceCollection>? before = null, Action<IServiceCollection>? after = null, ScorerOptions? scorer = null)
    {
        var services = new ServiceCollection();
        before?.Invoke(services);
        services.AddFeatureContracts(ShipmentTransform.LateDeliveryV1, o =>
        {
            o.Vectorizer = LateDeliveryContract.Vectorizer();
            o.Model = new HalfModel();
            o.Clock = new FakeClock(Nine);
            o.Scorer = scorer ?? ScorerOptions.Default;
        });
        after?.Invoke(services);
        ServiceProvider provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        HistoryStore store = provider.GetRequiredService<HistoryStore>();
        store.Append(new OrderPlaced("O-204", Nine - Duration.FromHours(17), "northline", 620, false, "WH-HAM", new LocalDate(2026, 5, 2), DateTimeZoneProviders.Tzdb["Europe/Berlin"]));
        store.Append(new BacklogMeasured("WH-HAM", 18, Nine - Duration.FromMinutes(90)));
        return provider;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void With_a_registered_meter_factory_the_scorer_records_into_metrics_of_the_factory_s_meter(bool addMetricsBefore)
    {
        using ServiceProvider provider = addMetricsBefore ? Build(before: s => s.AddMetrics()) : Build(after: s => s.AddMetrics());
        IMeterFactory factory = provider.GetRequiredService<IMeterFactory>();
        using var scored = new MetricCollector<long>(factory, ScorerMetrics.MeterName, "featurecontracts.scorer.scored");
        ScorerMetrics metrics = provider.GetRequiredService<ScorerMetrics>();
        OnlineScorer scorer = provider.GetRequiredService<OnlineScorer>();

        scorer.Score("O-204").IsScored.Should().BeTrue();

        metrics.Should().BeSameAs(provider.GetRequiredService<ScorerMetrics>());
        metrics.Meter.Scope.Should().BeSameAs(factory);
        scorer.Options.Metrics.Should().BeSameAs(metrics);
        provider.GetRequiredService<ScorerOptions>().Metrics.Should().BeSameAs(metrics);
        scored.GetMeasurementSnapshot().Select(m => m.Value).Should().Equal(1);
        scored.LastMeasurement!.Tags.Should().Equal(new System.Collections.Generic.Dictionary<string, object?> { ["featurecontracts.contract"] = "late_delivery" });
    }

    [Fact]
    public void Without_a_meter_factory_the_metrics_have_a_meter_of_their_own_named_FeatureContracts()
    {
        using ServiceProvider provider = Build();
        ScorerMetrics metrics = provider.GetRequiredService<ScorerMetrics>();
        using var notScored = new MetricCollector<long>(metrics.Meter, "featurecontracts.scorer.not_scored");

        provider.GetRequiredService<OnlineScorer>().Score("O-404");

        metrics.Meter.Scope.Should().BeNull();
        metrics.Meter.Name.Should().Be("FeatureContracts");
        notScored.LastMeasurement!.Tags["featurecontracts.reason"].Should().Be("entity_not_known");
    }

    [Fact]
    public void Metrics_set_in_the_options_are_used_kept_with_every_other_option_and_not_disposed_with_the_container()
    {
        using var metrics = new ScorerMetrics();
        using var scored = new MetricCollector<long>(metrics.Meter, "featurecontracts.scorer.scored");
        using var notScored = new MetricCollector<long>(metrics.Meter, "featurecontracts.scorer.not_scored");
        var options = new ScorerOptions { FailClosedOnStaleFeatures = true, Metrics = metrics };
        using (ServiceProvider provider = Build(before: s => s.AddMetrics(), scorer: options))
        {
            OnlineScorer scorer = provider.GetRequiredService<OnlineScorer>();
            scorer.Options.Should().BeSameAs(options);
            provider.GetRequiredService<ScorerMetrics>().Should().BeSameAs(metrics);
            scorer.Score("O-204");
        }

        // The container is gone; the application's meter still records.
        new OnlineScorer(new HistoryStore(ShipmentDomain.Instance.Schema), ShipmentTransform.LateDeliveryV1, LateDeliveryContract.Vectorizer(), new HalfModel(), new FakeClock(Nine), options)
            .Score("O-404");
        scored.GetMeasurementSnapshot().Should().HaveCount(1, "O-204 was scored in the container");
        notScored.GetMeasurementSnapshot().Should().HaveCount(1, "O-404 was recorded after the container was disposed");
        metrics.Meter.Scope.Should().BeNull();
    }

    [Fact]
    public void The_registered_options_keep_every_configured_option_alongside_the_metrics()
    {
        using ServiceProvider provider = Build(before: s => s.AddMetrics(), scorer: new ScorerOptions { FailClosedOnStaleFeatures = true });

        OnlineScorer scorer = provider.GetRequiredService<OnlineScorer>();

        scorer.Options.FailClosedOnStaleFeatures.Should().BeTrue();
        scorer.Options.Metrics.Should().BeSameAs(provider.GetRequiredService<ScorerMetrics>());
    }
}
