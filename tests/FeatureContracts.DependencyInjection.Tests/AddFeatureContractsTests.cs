using System;
using FeatureContracts.Contracts;
using FeatureContracts.Domains;
using FeatureContracts.Serving;
using FeatureContracts.Shipments;
using FeatureContracts.Shipments.Contract;
using FeatureContracts.Shipments.Events;
using FeatureContracts.Shipments.Histories;
using FeatureContracts.TestDomains.Cards;
using FeatureContracts.Vectors;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace FeatureContracts.DependencyInjection.Tests;

public sealed class AddFeatureContractsTests
{
    private static readonly Instant Nine = Instant.FromUtc(2026, 5, 1, 9, 0);
    private static readonly OrderPlaced O204 = new(
        "O-204", Instant.FromUtc(2026, 4, 30, 16, 0), "northline", 620, false, "WH-HAM", new LocalDate(2026, 5, 2), DateTimeZoneProviders.Tzdb["Europe/Berlin"]);

    private static readonly BacklogMeasured HamBacklog = new("WH-HAM", 18, Instant.FromUtc(2026, 5, 1, 7, 30));

    private sealed class HalfModel(string? fingerprint = null) : IScoringModel
    {
        public string ModelId => "half@1";

        public string ContractFingerprint { get; } = fingerprint ?? LateDeliveryContract.V1.Fingerprint;

        public int InputLength => LateDeliveryContract.Vectorizer().Length;

        public double Score(ReadOnlySpan<double> vector) => 0.5;
    }

    /// <summary>A service's own history lookup (standing in for its database).</summary>
    private sealed class OwnLookup : IHistoryLookup
    {
        public HistoryStore Inner { get; } = new(ShipmentDomain.Instance.Schema);

        public EntityHistory History(string key, string id) => Inner.History(key, id);
    }

    private static ServiceProvider Build(Action<IServiceCollection>? before = null, Action<IServiceCollection>? after = null)
    {
        var services = new ServiceCollection();
        before?.Invoke(services);
        services.AddFeatureContracts(ShipmentTransform.LateDeliveryV1, o =>
        {
            o.Vectorizer = LateDeliveryContract.Vectorizer();
            o.Model = new HalfModel();
            o.Clock = new FakeClock(Nine);
        });
        after?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    [Fact]
    public void Registers_transform_domain_contract_vectorizer_store_model_clock_and_scorer_as_singletons()
    {
        using ServiceProvider provider = Build();

        provider.GetRequiredService<Transform>().Should().BeSameAs(ShipmentTransform.LateDeliveryV1);
        provider.GetRequiredService<Transform<ShipmentView>>().Should().BeSameAs(ShipmentTransform.LateDeliveryV1);
        provider.GetRequiredService<ShipmentTransform>().Should().BeSameAs(ShipmentTransform.LateDeliveryV1);
        provider.GetRequiredService<Domain>().Should().BeSameAs(ShipmentDomain.Instance);
        provider.GetRequiredService<Domain<ShipmentView>>().Should().BeSameAs(ShipmentDomain.Instance);
        provider.GetRequiredService<ShipmentDomain>().Should().BeSameAs(ShipmentDomain.Instance);
        provider.GetRequiredService<FeatureContract>().Should().BeSameAs(LateDeliveryContract.V1);
        provider.GetRequiredService<FeatureContract<ShipmentView>>().Should().BeSameAs(LateDeliveryContract.V1);
        provider.GetRequiredService<FeatureVectorizer>().ContractFingerprint.Should().Be(LateDeliveryContract.V1.Fingerprint);
        provider.GetRequiredService<HistoryStore>().Schema.Should().BeSameAs(ShipmentDomain.Instance.Schema);
        provider.GetRequiredService<IHistoryLookup>().Should().BeSameAs(provider.GetRequiredService<HistoryStore>());
        provider.GetRequiredService<IScoringModel>().ModelId.Should().Be("half@1");
        provider.GetRequiredService<IClock>().GetCurrentInstant().Should().Be(Nine);
        provider.GetRequiredService<OnlineScorer>().Should().BeSameAs(provider.GetRequiredService<OnlineScorer>());
        provider.GetRequiredService<HistoryStore>().Should().BeSameAs(provider.GetRequiredService<HistoryStore>());
    }

    [Fact]
    public void The_resolved_scorer_scores_what_the_resolved_store_holds_at_the_registered_clock()
    {
        using ServiceProvider provider = Build();
        HistoryStore store = provider.GetRequiredService<HistoryStore>();
        store.Append(O204);
        store.Append(HamBacklog);

        ScoreResult result = provider.GetRequiredService<OnlineScorer>().Score("O-204");

        result.IsScored.Should().BeTrue();
        result.Score.Should().Be(0.5);
        result.PredictionInstant.Should().Be(Nine);
        result.ModelId.Should().Be("half@1");
        result.EntityKey.Should().Be("order_id");
        result.Row!["origin_backlog"].Value.Number.Should().Be(18, "the backlog appended to the resolved store is the one read");
    }

    [Fact]
    public void A_history_lookup_registered_before_is_what_the_scorer_reads_and_no_store_is_registered()
    {
        var own = new OwnLookup();
        own.Inner.Append(O204);
        using ServiceProvider provider = Build(before: s => s.AddSingleton<IHistoryLookup>(own));

        provider.GetRequiredService<IHistoryLookup>().Should().BeSameAs(own);
        provider.GetService<HistoryStore>().Should().BeNull("the service keeps its events in its own lookup");
        provider.GetRequiredService<OnlineScorer>().Score("O-204").IsScored.Should().BeTrue();
    }

    [Fact]
    public void A_history_lookup_registered_after_replaces_the_store_as_what_the_scorer_reads()
    {
        var own = new OwnLookup();
        own.Inner.Append(O204);
        using ServiceProvider provider = Build(after: s => s.AddSingleton<IHistoryLookup>(own));

        provider.GetRequiredService<IHistoryLookup>().Should().BeSameAs(own);
        provider.GetRequiredService<HistoryStore>().EventCount.Should().Be(0);
        provider.GetRequiredService<OnlineScorer>().Score("O-204").IsScored.Should().BeTrue("the order is only in the service's own lookup");
    }

    [Fact]
    public void A_history_store_registered_before_is_kept_and_read_by_the_scorer()
    {
        var prefilled = new HistoryStore(ShipmentDomain.Instance.Schema);
        prefilled.Append(O204);
        using ServiceProvider provider = Build(before: s => s.AddSingleton(prefilled));

        provider.GetRequiredService<HistoryStore>().Should().BeSameAs(prefilled);
        provider.GetRequiredService<IHistoryLookup>().Should().BeSameAs(prefilled);
        provider.GetRequiredService<OnlineScorer>().Score("O-204").IsScored.Should().BeTrue();
    }

    [Fact]
    public void A_history_store_of_another_domain_is_refused_when_the_scorer_is_built_naming_the_domain()
    {
        using ServiceProvider provider = Build(before: s => s.AddSingleton(new HistoryStore(CardDomain.Instance.Schema)));

        Action resolve = () => provider.GetRequiredService<OnlineScorer>();

        resolve.Should().Throw<ArgumentException>().WithMessage("*another schema*'shipments'*");
    }

    [Fact]
    public void Without_a_vectorizer_a_clock_or_a_model_registration_fails_naming_each_missing_option()
    {
        Action add = () => new ServiceCollection().AddFeatureContracts(ShipmentTransform.LateDeliveryV1, _ => { });

        add.Should().Throw<ArgumentException>().WithMessage("*Vectorizer*late_delivery*").WithMessage("*Model*").WithMessage("*Clock*");
    }

    [Fact]
    public void A_model_of_another_fingerprint_fails_at_registration_naming_both()
    {
        Action add = () => new ServiceCollection().AddFeatureContracts(ShipmentTransform.LateDeliveryV1, o =>
        {
            o.Vectorizer = LateDeliveryContract.Vectorizer();
            o.Model = new HalfModel("feedface-other");
            o.Clock = new FakeClock(Nine);
        });

        add.Should().Throw<ArgumentException>().WithMessage("*feedface-other*").WithMessage($"*{LateDeliveryContract.V1.Fingerprint}*");
    }

    [Fact]
    public void A_vectorizer_of_another_contract_fails_at_registration_naming_both()
    {
        Action add = () => new ServiceCollection().AddFeatureContracts(ShipmentTransform.LateDeliveryV1, o =>
        {
            o.Vectorizer = CardDomain.Vectorizer;
            o.Model = new HalfModel();
            o.Clock = new FakeClock(Nine);
        });

        add.Should().Throw<ArgumentException>().WithMessage($"*{CardDomain.Contract.Fingerprint}*{LateDeliveryContract.V1.Fingerprint}*");
    }

    [Fact]
    public void A_model_factory_is_resolved_from_the_container_and_checked_when_the_scorer_is_built()
    {
        var services = new ServiceCollection();
        services.AddFeatureContracts(ShipmentTransform.LateDeliveryV1, o =>
        {
            o.Vectorizer = LateDeliveryContract.Vectorizer();
            o.ModelFactory = _ => new HalfModel("feedface-other");
            o.Clock = new FakeClock(Nine);
        });
        using ServiceProvider provider = services.BuildServiceProvider();

        Action resolve = () => provider.GetRequiredService<OnlineScorer>();

        provider.GetRequiredService<IScoringModel>().ContractFingerprint.Should().Be("feedface-other");
        resolve.Should().Throw<ArgumentException>().WithMessage("*feedface-other*");
    }

    [Fact]
    public void Registering_a_second_transform_fails_naming_the_one_registered()
    {
        var services = new ServiceCollection();
        services.AddFeatureContracts(ShipmentTransform.LateDeliveryV1, o =>
        {
            o.Vectorizer = LateDeliveryContract.Vectorizer();
            o.Model = new HalfModel();
            o.Clock = new FakeClock(Nine);
        });

        Action again = () => services.AddFeatureContracts(CardDomain.Transform, o =>
        {
            o.Vectorizer = CardDomain.Vectorizer;
            o.Model = new ThousandsModel();
            o.Clock = new FakeClock(Nine);
        });

        again.Should().Throw<InvalidOperationException>().WithMessage("*already registered*'shipments'*late_delivery*");
    }

    [Fact]
    public void A_domain_other_than_shipments_registers_and_scores_the_same_way()
    {
        var services = new ServiceCollection();
        services.AddFeatureContracts(CardDomain.Transform, o =>
        {
            o.Vectorizer = CardDomain.Vectorizer;
            o.Model = new ThousandsModel();
            o.Clock = new FakeClock(Nine);
        });
        using ServiceProvider provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        HistoryStore store = provider.GetRequiredService<HistoryStore>();
        store.Append(new CardOpened("C-7", Nine - Duration.FromDays(30)));
        store.Append(new Payment("C-7", 250, Nine - Duration.FromHours(2)));
        store.Append(new Payment("C-7", 900, Nine - Duration.FromMinutes(5), recordedAt: Nine + Duration.FromMinutes(1)));
        OnlineScorer scorer = provider.GetRequiredService<OnlineScorer>();

        ScoreResult result = scorer.Score("C-7");
        ScoreResult unknown = scorer.Score("C-8");

        store.Schema.Should().BeSameAs(CardDomain.Instance.Schema);
        provider.GetRequiredService<Domain<CardView>>().Should().BeSameAs(CardDomain.Instance);
        provider.GetRequiredService<FeatureContract<CardView>>().Should().BeSameAs(CardDomain.Contract);
        provider.GetRequiredService<Transform>().Should().BeSameAs(CardDomain.Transform);
        result.IsScored.Should().BeTrue(result.ToString());
        result.EntityKey.Should().Be("card_id");
        result.EntityId.Should().Be("C-7");
        result.Score.Should().Be(0.25, "the 900 payment is recorded after the clock's instant and so not visible");
        unknown.Reasons.Should().ContainSingle().Which.Code.Should().Be(NotScoredCode.EntityNotKnown);
        unknown.Reasons[0].Message.Should().Contain("card_opened").And.Contain("card 'C-8'");
    }
}
