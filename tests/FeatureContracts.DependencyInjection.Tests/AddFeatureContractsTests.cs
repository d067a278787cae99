using System;
using FeatureContracts.Contracts;
using FeatureContracts.Serving;
using FeatureContracts.Shipments;
using FeatureContracts.Shipments.Contract;
using FeatureContracts.Shipments.Events;
using FeatureContracts.Shipments.Histories;
using FeatureContracts.Vectors;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace FeatureContracts.DependencyInjection.Tests;

public sealed class AddFeatureContractsTests
{
    private static readonly Instant Nine = Instant.FromUtc(2026, 5, 1, 9, 0);

    private sealed class HalfModel(string? fingerprint = null) : IScoringModel
    {
        public string ModelId => "half@1";

        public string ContractFingerprint { get; } = fingerprint ?? LateDeliveryContract.V1.Fingerprint;

        public int InputLength => LateDeliveryContract.Vectorizer().Length;

        public double Score(ReadOnlySpan<double> vector) => 0.5;
    }

    private sealed class OtherStore : IShipmentHistoryStore
    {
        private readonly InMemoryShipmentHistoryStore _inner = new();

        public BacklogTimeline Backlog => _inner.Backlog;

        public bool Append(ShipmentEvent shipmentEvent) => _inner.Append(shipmentEvent);

        public ShipmentHistory GetHistory(string orderId) => _inner.GetHistory(orderId);
    }

    private static ServiceProvider Build(Action<IServiceCollection>? before = null, Action<IServiceCollection>? after = null)
    {
        var services = new ServiceCollection();
        before?.Invoke(services);
        services.AddFeatureContracts(o =>
        {
            o.Transform = ShipmentTransform.LateDeliveryV1;
            o.Model = new HalfModel();
            o.Clock = new FakeClock(Nine);
        });
        after?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    [Fact]
    public void Registers_contract_transform_vectorizer_store_model_clock_and_scorer_as_singletons()
    {
        using ServiceProvider provider = Build();

        provider.GetRequiredService<ShipmentTransform>().Should().BeSameAs(ShipmentTransform.LateDeliveryV1);
        provider.GetRequiredService<FeatureContract>().Should().BeSameAs(LateDeliveryContract.V1);
        provider.GetRequiredService<FeatureContract<ShipmentView>>().Should().BeSameAs(LateDeliveryContract.V1);
        provider.GetRequiredService<FeatureVectorizer>().ContractFingerprint.Should().Be(LateDeliveryContract.V1.Fingerprint);
        provider.GetRequiredService<IShipmentHistoryStore>().Should().BeOfType<InMemoryShipmentHistoryStore>();
        provider.GetRequiredService<IScoringModel>().ModelId.Should().Be("half@1");
        provider.GetRequiredService<IClock>().GetCurrentInstant().Should().Be(Nine);
        provider.GetRequiredService<OnlineScorer>().Should().BeSameAs(provider.GetRequiredService<OnlineScorer>());
        provider.GetRequiredService<IShipmentHistoryStore>().Should().BeSameAs(provider.GetRequiredService<IShipmentHistoryStore>());
    }

    [Fact]
    public void The_resolved_scorer_scores_what_the_resolved_store_holds_at_the_registered_clock()
    {
        using ServiceProvider provider = Build();
        IShipmentHistoryStore store = provider.GetRequiredService<IShipmentHistoryStore>();
        store.Append(new OrderPlaced("O-204", Instant.FromUtc(2026, 4, 30, 16, 0), "northline", 620, false, "WH-HAM", new LocalDate(2026, 5, 2), DateTimeZoneProviders.Tzdb["Europe/Berlin"]));
        store.Append(new BacklogMeasured("WH-HAM", 18, Instant.FromUtc(2026, 5, 1, 7, 30)));

        ScoreResult result = provider.GetRequiredService<OnlineScorer>().Score("O-204");

        result.IsScored.Should().BeTrue();
        result.Score.Should().Be(0.5);
        result.PredictionInstant.Should().Be(Nine);
        result.ModelId.Should().Be("half@1");
    }

    [Fact]
    public void A_store_registered_before_or_after_replaces_the_in_memory_default()
    {
        using ServiceProvider before = Build(before: s => s.AddSingleton<IShipmentHistoryStore, OtherStore>());
        using ServiceProvider after = Build(after: s => s.AddSingleton<IShipmentHistoryStore, OtherStore>());

        before.GetRequiredService<IShipmentHistoryStore>().Should().BeOfType<OtherStore>();
        after.GetRequiredService<IShipmentHistoryStore>().Should().BeOfType<OtherStore>();
        after.GetRequiredService<OnlineScorer>().Should().NotBeNull();
    }

    [Fact]
    public void Without_a_clock_or_a_model_registration_fails_naming_each_missing_option()
    {
        Action add = () => new ServiceCollection().AddFeatureContracts(_ => { });

        add.Should().Throw<ArgumentException>().WithMessage("*Model*").WithMessage("*Clock*");
    }

    [Fact]
    public void A_model_of_another_fingerprint_fails_at_registration_naming_both()
    {
        Action add = () => new ServiceCollection().AddFeatureContracts(o =>
        {
            o.Model = new HalfModel("feedface-other");
            o.Clock = new FakeClock(Nine);
        });

        add.Should().Throw<ArgumentException>().WithMessage("*feedface-other*").WithMessage($"*{LateDeliveryContract.V1.Fingerprint}*");
    }

    [Fact]
    public void A_model_factory_is_resolved_from_the_container_and_checked_when_the_scorer_is_built()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IScoringModel>(_ => new HalfModel("feedface-other"));
        services.AddFeatureContracts(o =>
        {
            o.ModelFactory = _ => new HalfModel("feedface-other");
            o.Clock = new FakeClock(Nine);
        });
        using ServiceProvider provider = services.BuildServiceProvider();

        Action resolve = () => provider.GetRequiredService<OnlineScorer>();

        resolve.Should().Throw<ArgumentException>().WithMessage("*feedface-other*");
    }
}
