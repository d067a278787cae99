using System.Linq;
using FeatureContracts.Domains;
using FeatureContracts.Rows;
using NodaTime;
using static FeatureContracts.CardFraud.Tests.Builders;

namespace FeatureContracts.CardFraud.Tests;

/// <summary>The row gates of the one transform: the authorization must be known at T, its outcome must not be.</summary>
public sealed class TransformTests
{
    private static readonly Instant Deadline = Nine + Duration.FromDays(60);

    [Fact]
    public void Request_recorded_after_T_means_the_authorization_is_not_known()
    {
        RowRejection rejection = SingleRejection(Nine, Requested(recordedAt: Nine + Tick));

        rejection.Feature.Should().BeNull();
        rejection.Code.Should().Be(RejectionCode.EntityNotKnown);
        rejection.AttemptedValue.Should().Be(AuthorizationId);
        rejection.Message.Should().Contain("authorization_requested").And.Contain("authorization 'A-1'");
    }

    [Fact]
    public void Request_recorded_exactly_at_T_makes_the_authorization_known()
    {
        AcceptedRow(Nine + Hours(1), Requested(recordedAt: Nine + Hours(1))).EntityId.Should().Be(AuthorizationId);
    }

    [Fact]
    public void Authorization_without_any_request_is_not_known()
    {
        RowResult result = CardFraudTransform.V1.BuildRow(Store(Requested()), "A-unknown", Nine);

        result.Rejections.Select(r => r.Code).Should().Equal(RejectionCode.EntityNotKnown);
    }

    [Fact]
    public void Chargeback_recorded_at_T_means_the_outcome_is_already_known()
    {
        RowRejection rejection = SingleRejection(Nine + Hours(2), Requested(), Chargeback(Nine + Hours(1), Nine + Hours(2)));

        rejection.Feature.Should().Be("chargeback_within_60d");
        rejection.Code.Should().Be(RejectionCode.OutcomeAlreadyKnown);
        rejection.AttemptedValue.Should().Be((Nine + Hours(2)).ToString());
        rejection.Message.Should().StartWith("outcome already known");
    }

    [Fact]
    public void Chargeback_recorded_after_T_is_invisible_and_the_row_is_built()
    {
        FeatureRow row = AcceptedRow(Nine + Hours(2) - Tick, Requested(), Chargeback(Nine + Hours(1), Nine + Hours(2)));

        row.Lineage.Select(l => l.EventType).Should().NotContain("chargeback_filed");
        row.Schema.Columns.Select(c => c.Name).Should().NotContain(name => name.Contains("chargeback"));
    }

    [Fact]
    public void Prediction_at_the_deadline_is_refused_because_the_label_is_known()
    {
        SingleRejection(Deadline, Requested()).Code.Should().Be(RejectionCode.OutcomeAlreadyKnown);
    }

    [Fact]
    public void Prediction_one_tick_before_the_deadline_is_built()
    {
        AcceptedRow(Deadline - Tick, Requested()).PredictionInstant.Should().Be(Deadline - Tick);
    }

    [Fact]
    public void Label_of_the_transform_is_the_domain_s()
    {
        HistoryStore store = Store(Requested(), Chargeback(Nine + Hours(1)));

        CardFraudTransform.V1.LabelAt(store, AuthorizationId, Nine + Hours(1)).Should().Be(LabelState.Known(true, Nine + Hours(1)));
    }

    [Fact]
    public void A_block_of_the_card_is_visible_to_the_view_only_once_recorded()
    {
        HistoryStore store = Store(Requested(), Blocked(Nine - Hours(1), Nine + Hours(1), eventId: "block-1"));

        CardFraudDomain.Instance.ViewAt(store, AuthorizationId, Nine).CardBlock.Should().BeNull();
        CardFraudDomain.Instance.ViewAt(store, AuthorizationId, Nine + Hours(1)).CardBlock!.EventId.Should().Be("block-1");
    }
}
