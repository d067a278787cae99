using FeatureContracts.CardFraud.Histories;
using FeatureContracts.Contracts;
using FeatureContracts.Domains;
using FeatureContracts.Rows;
using FeatureContracts.Sources;
using NodaTime;
using static FeatureContracts.CardFraud.Tests.Builders;

namespace FeatureContracts.CardFraud.Tests.Contract;

/// <summary>
/// <c>hours_since_previous_authorization</c>: this request's occurred_at minus that of the latest other authorization of
/// the card visible at T that occurred at or before it; capped at 720, none yet counts as 720.
/// </summary>
public sealed class HoursSincePreviousAuthorizationTests
{
    private static FeatureCell Cell(Instant t, params DomainEvent[] events) => AcceptedRow(t, events)["hours_since_previous_authorization"];

    [Fact]
    public void Gap_to_the_previous_authorization_in_hours()
    {
        Cell(Nine, Other(6), Requested()).Value.Should().Be(FeatureValue.Numeric(6));
    }

    [Fact]
    public void The_latest_previous_authorization_is_used()
    {
        Cell(Nine, Other(6, "A-6"), Other(1.5, "A-1h"), Other(30, "A-30"), Requested()).Value.Should().Be(FeatureValue.Numeric(1.5));
    }

    [Fact]
    public void No_previous_authorization_counts_as_720_and_is_marked_filled()
    {
        FeatureCell cell = Cell(Nine, Requested());

        cell.Value.Should().Be(FeatureValue.Numeric(720));
        cell.Notes.Should().Be(CellNotes.Filled);
    }

    [Fact]
    public void Gap_above_720_hours_is_capped_and_marked_clamped()
    {
        FeatureCell cell = Cell(Nine, Other(721), Requested());

        cell.Value.Should().Be(FeatureValue.Numeric(720));
        cell.Notes.Should().Be(CellNotes.Clamped);
    }

    [Fact]
    public void Gap_of_exactly_720_hours_is_kept()
    {
        FeatureCell cell = Cell(Nine, Other(720), Requested());

        cell.Value.Should().Be(FeatureValue.Numeric(720));
        cell.Notes.Should().Be(CellNotes.None);
    }

    [Fact]
    public void Another_authorization_at_the_same_instant_counts_as_previous_with_a_gap_of_zero()
    {
        Cell(Nine, Other(0), Requested()).Value.Should().Be(FeatureValue.Numeric(0));
    }

    [Fact]
    public void Among_tied_previous_authorizations_the_later_recorded_one_is_the_lineage()
    {
        FeatureCell cell = Cell(
            Nine,
            Other(2, "A-early-record", recordedAt: Nine - Hours(2)),
            Other(2, "A-late-record", recordedAt: Nine - Hours(1)),
            Requested(eventId: "req-1"));

        cell.Value.Should().Be(FeatureValue.Numeric(2));
        cell.Lineage[0].EventId.Should().Be("A-late-record");
    }

    [Fact]
    public void Among_full_ties_the_later_arrival_is_the_lineage()
    {
        FeatureCell cell = Cell(Nine, Other(2, "A-first"), Other(2, "A-second"), Requested());

        cell.Lineage[0].EventId.Should().Be("A-second");
    }

    [Fact]
    public void Authorization_that_occurred_after_this_one_is_not_previous()
    {
        // Scored an hour late: the card's later authorization is visible but came after this one.
        Cell(Nine + Hours(2), Other(5), Requested(), Requested(Nine + Hours(1), "A-later", eventId: "A-later")).Value
            .Should().Be(FeatureValue.Numeric(5));
    }

    [Fact]
    public void Gap_is_measured_from_this_authorization_not_from_T()
    {
        Cell(Nine + Hours(3), Other(6), Requested()).Value.Should().Be(FeatureValue.Numeric(6));
    }

    [Fact]
    public void Previous_authorization_recorded_after_T_is_invisible()
    {
        Cell(Nine, Other(6), Other(1, "A-late", recordedAt: Nine + Tick), Requested()).Value.Should().Be(FeatureValue.Numeric(6));
    }

    [Fact]
    public void Previous_authorization_recorded_exactly_at_T_is_visible()
    {
        Cell(Nine, Other(6), Other(1, "A-now", recordedAt: Nine), Requested()).Value.Should().Be(FeatureValue.Numeric(1));
    }

    [Fact]
    public void Another_request_of_the_same_authorization_is_not_previous()
    {
        Cell(Nine, Requested(Nine - Hours(3), eventId: "req-0"), Requested(eventId: "req-1")).Value.Should().Be(FeatureValue.Numeric(720));
    }

    [Fact]
    public void Authorizations_of_other_cards_are_not_previous()
    {
        Cell(Nine, Other(1, cardId: OtherCardId), Requested()).Value.Should().Be(FeatureValue.Numeric(720));
    }

    [Fact]
    public void Lineage_is_the_previous_request_then_this_one()
    {
        FeatureCell cell = Cell(Nine + Hours(1), Other(6), Requested(eventId: "req-1"));

        cell.Lineage.Should().Equal(
            new LineageEntry("authorization_requested", "A-0", Nine - Hours(6), Nine - Hours(6)),
            new LineageEntry("authorization_requested", "req-1", Nine, Nine));

        // The value's own event is the first lineage entry, the as-of previous request: its age is the freshness lag.
        cell.FreshnessLag.Should().Be(Hours(7));
    }

    [Fact]
    public void View_exposes_the_previous_authorization_and_the_visible_card_authorizations()
    {
        AuthorizationView view = CardFraudDomain.Instance.ViewAt(
            Store(Other(6), Other(1, "A-late", recordedAt: Nine + Tick), Requested(eventId: "req-1")), AuthorizationId, Nine);

        view.PreviousAuthorization!.AuthorizationId.Should().Be("A-0");
        view.CardAuthorizations.Should().HaveCount(2).And.OnlyContain(a => a.RecordedAt <= Nine);
    }
}
