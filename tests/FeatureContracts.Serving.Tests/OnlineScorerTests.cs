using System;
using System.Linq;
using FeatureContracts.Domains;
using FeatureContracts.Rows;
using FeatureContracts.Shipments;
using FeatureContracts.Shipments.Contract;
using FeatureContracts.Shipments.Events;
using FeatureContracts.TestDomains.Cards;
using NodaTime;
using NodaTime.Testing;

namespace FeatureContracts.Serving.Tests;

public sealed class OnlineScorerTests
{
    internal static readonly Instant Nine = Instant.FromUtc(2026, 5, 1, 9, 0);
    private static readonly DateTimeZone Berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];

    /// <summary>The worked example of the brief: order O-204.</summary>
    internal static HistoryStore O204Store(double? distanceKm = 620, Instant? backlogAt = null)
    {
        var store = new HistoryStore(ShipmentDomain.Instance.Schema);
        store.Append(new OrderPlaced("O-204", Instant.FromUtc(2026, 4, 30, 16, 0), "northline", distanceKm, false, "WH-HAM", new LocalDate(2026, 5, 2), Berlin));
        store.Append(new Scan("O-204", Instant.FromUtc(2026, 5, 1, 1, 0)));
        store.Append(new Scan("O-204", Instant.FromUtc(2026, 5, 1, 8, 50), recordedAt: Instant.FromUtc(2026, 5, 1, 9, 10)));
        store.Append(new BacklogMeasured("WH-HAM", 18, backlogAt ?? Instant.FromUtc(2026, 5, 1, 7, 30)));
        store.Append(new Delivered("O-204", Instant.FromUtc(2026, 5, 3, 14, 0)));
        store.Append(new Complaint("O-204", Instant.FromUtc(2026, 5, 3, 18, 0)));
        return store;
    }

    private static OnlineScorer Scorer(IHistoryLookup store, RecordingModel? model = null, ScorerOptions? options = null, Instant? now = null)
        => new(store, ShipmentTransform.LateDeliveryV1, RecordingModel.Vectorizer, model ?? new RecordingModel(), new FakeClock(now ?? Nine), options);

    [Fact]
    public void Scores_the_order_at_the_clock_instant_with_the_row_the_fingerprint_and_the_model_identity()
    {
        var model = new RecordingModel();
        ScoreResult result = Scorer(O204Store(), model).Score("O-204");

        result.IsScored.Should().BeTrue();
        result.PredictionInstant.Should().Be(Nine);
        result.EntityKey.Should().Be("order_id");
        result.EntityId.Should().Be("O-204");
        result.Score.Should().Be(model.Score(RecordingModel.Vectorizer.Vectorize(result.Row!)));
        result.Row!["hours_since_last_scan"].Value.Number.Should().Be(8, "the 08:50 scan was recorded at 09:10");
        result.Row["distance_km"].Value.Number.Should().Be(620);
        result.Row["origin_backlog"].Value.Number.Should().Be(18);
        result.Row["carrier"].Value.Category.Should().Be("northline");
        result.Row["expedited"].Value.Boolean.Should().BeFalse();
        result.ContractFingerprint.Should().Be(LateDeliveryContract.V1.Fingerprint);
        result.ModelId.Should().Be("test-logistic@1");
        result.Reasons.Should().BeEmpty();
    }

    [Fact]
    public void A_row_the_contract_rejects_is_not_scored_and_the_model_is_not_called()
    {
        var model = new RecordingModel();
        ScoreResult result = Scorer(O204Store(distanceKm: null), model).ScoreAt("O-204", Nine);

        result.IsScored.Should().BeFalse();
        result.Score.Should().BeNull();
        result.Row.Should().BeNull();
        result.Rejections.Single().Code.Should().Be(RejectionCode.MissingValue);
        result.Reasons.Single().Should().Match<NotScoredReason>(r => r.Code == NotScoredCode.RowRejected && r.Feature == "distance_km");
        model.Calls.Should().Be(0);
    }

    [Fact]
    public void An_outcome_already_known_is_not_scored()
    {
        Instant afterDelivery = Instant.FromUtc(2026, 5, 3, 15, 0);
        ScoreResult result = Scorer(O204Store()).ScoreAt("O-204", afterDelivery);

        result.IsScored.Should().BeFalse();
        result.Reasons.Single().Code.Should().Be(NotScoredCode.OutcomeAlreadyKnown);
        result.Reasons.Single().Message.Should().Contain("outcome already known");
    }

    [Fact]
    public void An_order_not_known_at_the_instant_is_not_scored()
    {
        ScoreResult unknown = Scorer(O204Store()).ScoreAt("O-999", Nine);
        ScoreResult beforePlacement = Scorer(O204Store()).ScoreAt("O-204", Instant.FromUtc(2026, 4, 30, 15, 59));

        unknown.IsScored.Should().BeFalse();
        unknown.EntityId.Should().Be("O-999");
        unknown.Reasons.Single().Code.Should().Be(NotScoredCode.EntityNotKnown);
        unknown.Reasons.Single().Message.Should().Contain("order_placed").And.Contain("order 'O-999'");
        beforePlacement.Reasons.Single().Code.Should().Be(NotScoredCode.EntityNotKnown);
    }

    [Fact]
    public void Events_appended_after_the_scorer_was_built_are_read_at_the_next_call()
    {
        var store = new HistoryStore(ShipmentDomain.Instance.Schema);
        OnlineScorer scorer = Scorer(store);
        ScoreResult before = scorer.ScoreAt("O-204", Nine);

        foreach (DomainEvent e in O204Store().History(ShipmentDomain.OrderKey, "O-204").Events)
        {
            store.Append(e);
        }

        store.Append(new BacklogMeasured("WH-HAM", 18, Instant.FromUtc(2026, 5, 1, 7, 30)));
        ScoreResult after = scorer.ScoreAt("O-204", Nine);

        before.Reasons.Single().Code.Should().Be(NotScoredCode.EntityNotKnown);
        after.IsScored.Should().BeTrue();
        after.Row!["origin_backlog"].Value.Number.Should().Be(18);
    }

    [Fact]
    public void A_history_store_of_another_domain_is_refused_naming_the_transform_s_domain()
    {
        Action create = () => Scorer(new HistoryStore(CardDomain.Instance.Schema));

        create.Should().Throw<ArgumentException>().WithMessage("*card_id*'shipments'*order_id, warehouse*");
    }

    [Fact]
    public void Scores_an_entity_of_another_domain_through_the_same_scorer()
    {
        var store = new HistoryStore(CardDomain.Instance.Schema);
        store.Append(new CardOpened("C-7", Nine - Duration.FromDays(30)));
        store.Append(new Payment("C-7", 250, Nine - Duration.FromHours(2)));
        store.Append(new Chargeback("C-7", Nine + Duration.FromDays(3)));
        var scorer = new OnlineScorer(store, CardDomain.Transform, CardDomain.Vectorizer, new ThousandsModel(), new FakeClock(Nine));

        ScoreResult result = scorer.Score("C-7");
        ScoreResult afterChargeback = scorer.ScoreAt("C-7", Nine + Duration.FromDays(4));

        result.IsScored.Should().BeTrue(result.ToString());
        result.EntityKey.Should().Be("card_id");
        result.Score.Should().Be(0.25);
        result.ContractFingerprint.Should().Be(CardDomain.Contract.Fingerprint);
        afterChargeback.Reasons.Single().Code.Should().Be(NotScoredCode.OutcomeAlreadyKnown);
    }

    [Fact]
    public void A_feature_beyond_its_max_age_is_scored_with_its_indicator_by_default_and_not_scored_when_failing_closed()
    {
        Instant staleMeasurement = Nine - Duration.FromHours(7); // max age is 6 h
        ScoreResult lenient = Scorer(O204Store(backlogAt: staleMeasurement)).ScoreAt("O-204", Nine);
        var model = new RecordingModel();
        ScoreResult strict = Scorer(O204Store(backlogAt: staleMeasurement), model, new ScorerOptions { FailClosedOnStaleFeatures = true }).ScoreAt("O-204", Nine);

        lenient.IsScored.Should().BeTrue();
        lenient.Row!["origin_backlog"].Notes.Should().HaveFlag(CellNotes.BeyondMaxAge);
        lenient.Row["origin_backlog"].IsMissing.Should().BeTrue();

        strict.IsScored.Should().BeFalse();
        strict.Score.Should().BeNull();
        strict.Row.Should().NotBeNull("the row is shown so the caller sees why");
        strict.Reasons.Single().Should().Match<NotScoredReason>(r => r.Code == NotScoredCode.FeatureBeyondMaxAge && r.Feature == "origin_backlog");
        strict.Reasons.Single().Message.Should().Contain("origin_backlog").And.Contain("max age");
        model.Calls.Should().Be(0);
    }

    [Fact]
    public void Failing_closed_changes_nothing_for_a_fresh_row()
    {
        Scorer(O204Store(), options: new ScorerOptions { FailClosedOnStaleFeatures = true }).ScoreAt("O-204", Nine).IsScored.Should().BeTrue();
    }

    [Fact]
    public void A_model_trained_on_another_fingerprint_is_refused_with_a_message_naming_both()
    {
        var model = new RecordingModel(fingerprint: "0123456789abcdef-other-contract");

        Action create = () => Scorer(O204Store(), model);

        create.Should().Throw<ArgumentException>()
            .WithMessage("*0123456789abcdef-other-contract*")
            .WithMessage($"*{LateDeliveryContract.V1.Fingerprint}*");
    }

    [Fact]
    public void A_model_of_another_vector_length_is_refused()
    {
        Action create = () => Scorer(O204Store(), new RecordingModel(inputLength: 3));

        create.Should().Throw<ArgumentException>().WithMessage($"*3*{RecordingModel.Vectorizer.Length}*");
    }

    [Fact]
    public void A_vectorizer_of_another_contract_is_refused()
    {
        var other = FeatureContracts.Contracts.FeatureContract.Define<FeatureContracts.Shipments.Histories.ShipmentView>("late_delivery", version: 2)
            .Numeric("distance_km", f => f.From(ShipmentSources.DistanceKm).RejectIfMissing().RejectOutside(0.1, 20_000))
            .Build();
        Func<OnlineScorer> create = () => new OnlineScorer(O204Store(), ShipmentTransform.LateDeliveryV1, FeatureContracts.Vectors.FeatureVectorizer.For(other).Build(), new RecordingModel(), new FakeClock(Nine));

        other.Fingerprint.Should().NotBe(LateDeliveryContract.V1.Fingerprint);
        create.Should().Throw<ArgumentException>().WithMessage($"*{other.Fingerprint}*{LateDeliveryContract.V1.Fingerprint}*");
    }

    [Fact]
    public void A_model_output_that_is_not_finite_is_not_made_into_a_score()
    {
        ScoreResult result = Scorer(O204Store(), new RecordingModel { Fixed = double.NaN }).ScoreAt("O-204", Nine);

        result.IsScored.Should().BeFalse();
        result.Reasons.Single().Code.Should().Be(NotScoredCode.ScoreNotFinite);
    }

    [Fact]
    public void Score_reads_the_clock_at_each_call()
    {
        var clock = new FakeClock(Nine);
        var scorer = new OnlineScorer(O204Store(), ShipmentTransform.LateDeliveryV1, RecordingModel.Vectorizer, new RecordingModel(), clock);

        ScoreResult first = scorer.Score("O-204");
        clock.AdvanceMinutes(20);
        ScoreResult second = scorer.Score("O-204");

        first.Row!["hours_since_last_scan"].Value.Number.Should().Be(8);
        second.PredictionInstant.Should().Be(Nine + Duration.FromMinutes(20));
        second.Row!["hours_since_last_scan"].Value.Number.Should().BeApproximately(0.5, 1e-12, "the 08:50 scan is visible from 09:10");
    }
}
