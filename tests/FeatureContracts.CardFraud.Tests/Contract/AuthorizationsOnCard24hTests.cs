using System;
using System.Linq;
using FeatureContracts.CardFraud.Contract;
using FeatureContracts.CardFraud.Histories;
using FeatureContracts.Contracts;
using FeatureContracts.Domains;
using FeatureContracts.Rows;
using FeatureContracts.Sources;
using NodaTime;
using static FeatureContracts.CardFraud.Tests.Builders;

namespace FeatureContracts.CardFraud.Tests.Contract;

/// <summary><c>authorizations_on_card_24h</c>: the card's requests visible at T that occurred in (T − 24 h, T].</summary>
public sealed class AuthorizationsOnCard24hTests
{
    private static FeatureValue Count(Instant t, params DomainEvent[] events) => AcceptedRow(t, events)["authorizations_on_card_24h"].Value;

    [Fact]
    public void The_authorization_being_scored_counts_itself()
    {
        Count(Nine, Requested()).Should().Be(FeatureValue.Numeric(1));
    }

    [Fact]
    public void Authorization_exactly_24_hours_before_T_is_out_of_the_window()
    {
        Count(Nine, Other(24), Requested()).Should().Be(FeatureValue.Numeric(1));
    }

    [Fact]
    public void Authorization_one_tick_inside_24_hours_is_in_the_window()
    {
        Count(Nine, Requested(Nine - Hours(24) + Tick, OtherAuthorizationId, eventId: "A-0"), Requested()).Should().Be(FeatureValue.Numeric(2));
    }

    [Fact]
    public void Authorization_at_T_is_in_the_window()
    {
        Count(Nine, Requested(Nine, OtherAuthorizationId, eventId: "A-0"), Requested()).Should().Be(FeatureValue.Numeric(2));
    }

    [Fact]
    public void Authorization_recorded_after_T_is_out_however_early_it_occurred()
    {
        Count(Nine, Other(1, recordedAt: Nine + Tick), Requested()).Should().Be(FeatureValue.Numeric(1));
    }

    [Fact]
    public void Authorization_recorded_exactly_at_T_is_in()
    {
        Count(Nine, Other(1, recordedAt: Nine), Requested()).Should().Be(FeatureValue.Numeric(2));
    }

    [Fact]
    public void Authorization_that_occurred_after_T_but_before_scoring_is_not_visible_at_T()
    {
        // Scored late: at T the later request was not yet made, so it cannot count even though it is in the log.
        Count(Nine, Requested(), Requested(Nine + Hours(1), OtherAuthorizationId, eventId: "A-0")).Should().Be(FeatureValue.Numeric(1));
    }

    [Fact]
    public void Authorizations_of_other_cards_do_not_count()
    {
        Count(Nine, Other(1, cardId: OtherCardId), Requested()).Should().Be(FeatureValue.Numeric(1));
    }

    [Fact]
    public void The_scored_authorization_is_out_when_it_occurred_24_hours_or_more_before_T()
    {
        FeatureCell cell = AcceptedRow(Nine + Hours(24), Requested())["authorizations_on_card_24h"];

        cell.Value.Should().Be(FeatureValue.Numeric(0));
        cell.Lineage.Should().BeEmpty("an empty window came from no event");
    }

    [Fact]
    public void An_event_id_seen_twice_counts_once()
    {
        Count(Nine, Other(1, eventId: "A-0"), Other(1, eventId: "A-0"), Requested()).Should().Be(FeatureValue.Numeric(2));
    }

    [Fact]
    public void A_repeated_request_with_another_event_id_counts_again()
    {
        Count(Nine, Other(2, eventId: "first"), Other(1, eventId: "retry"), Requested()).Should().Be(FeatureValue.Numeric(3));
    }

    [Fact]
    public void More_than_1000_authorizations_in_a_day_count_as_1000_and_the_row_is_still_built()
    {
        DomainEvent[] attack = [.. Enumerable.Range(1, 1_000).Select(i => Requested(Nine - Duration.FromSeconds(i), "A-x" + i, eventId: "x" + i)), Requested()];

        FeatureCell cell = AcceptedRow(Nine, attack)["authorizations_on_card_24h"];

        cell.Value.Should().Be(FeatureValue.Numeric(1_000));
        cell.Notes.Should().Be(CellNotes.Clamped);
        cell.ObservedValue.Should().Be("1001");
    }

    [Fact]
    public void Lineage_is_the_latest_request_counted()
    {
        FeatureCell cell = AcceptedRow(Nine + Hours(2), Other(3), Requested(eventId: "req-1"))["authorizations_on_card_24h"];

        cell.Value.Should().Be(FeatureValue.Numeric(2));
        cell.Lineage.Should().Equal(new LineageEntry("authorization_requested", "req-1", Nine, Nine));
        cell.FreshnessLag.Should().Be(Hours(2));
    }

    [Fact]
    public void View_counts_over_any_positive_window_and_refuses_an_empty_one()
    {
        AuthorizationView view = CardFraudDomain.Instance.ViewAt(Store(Other(30), Other(5, "A-2"), Requested()), AuthorizationId, Nine);

        view.CardAuthorizationsIn(Hours(6)).Should().Be(2);
        view.CardAuthorizationsIn(Hours(48)).Should().Be(3);
        Action empty = () => view.CardAuthorizationsIn(Duration.Zero);
        empty.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Source_window_is_24_hours()
    {
        CardFraudSources.VelocityWindow.Should().Be(Hours(24));
    }
}
