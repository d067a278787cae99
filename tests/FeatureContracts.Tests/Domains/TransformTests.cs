using System;
using FeatureContracts.Contracts;
using FeatureContracts.Domains;
using FeatureContracts.Rows;
using FeatureContracts.Sources;
using NodaTime;
using static FeatureContracts.Tests.Domains.Tickets;

namespace FeatureContracts.Tests.Domains;

public sealed class TransformTests
{
    private static readonly Duration OneTick = Duration.FromTicks(1);

    private static Transform<TicketView> SizeTransform() => new(TicketDomain.Instance, SizeContract());

    private static RowRejection RejectOnce(HistoryStore store, Instant t, string ticket = "K-1")
    {
        RowResult result = SizeTransform().BuildRow(store, ticket, t);
        result.IsAccepted.Should().BeFalse("the row should be rejected, but was {0}", result);
        return result.Rejections.Should().ContainSingle().Subject;
    }

    // ---- the layout of its rows ---------------------------------------------------------------------------------

    [Fact]
    public void The_layout_of_a_transforms_rows_names_the_entity_id_column_by_its_domains_entity_key()
    {
        Transform<TicketView> transform = SizeTransform();

        RowLayout layout = RowLayout.For(transform);

        layout.EntityIdColumn.Should().Be(TicketDomain.TicketKey);
        layout.Contract.Should().BeSameAs(transform.Contract);
        layout.Columns.Should().Equal(RowLayout.For(transform.Contract, TicketDomain.TicketKey).Columns);
    }

    // ---- the entity-not-known gate ------------------------------------------------------------------------------

    [Fact]
    public void A_ticket_whose_opening_is_recorded_after_T_is_not_known()
    {
        RowRejection rejection = RejectOnce(Store(Opened(at: T - Duration.FromHours(1), recorded: T + OneTick)), T);

        rejection.Feature.Should().BeNull();
        rejection.Code.Should().Be(RejectionCode.EntityNotKnown);
        rejection.AttemptedValue.Should().Be("K-1");
        rejection.Message.Should().Be($"no ticket_opened event of ticket 'K-1' is visible at {T}");
    }

    [Fact]
    public void A_ticket_whose_opening_is_recorded_exactly_at_T_is_known()
    {
        RowResult result = SizeTransform().BuildRow(Store(Opened(at: T - Duration.FromHours(1), recorded: T)), "K-1", T);

        result.IsAccepted.Should().BeTrue();
        result.Row!["size"].Value.Should().Be(FeatureValue.Numeric(3));
    }

    [Fact]
    public void A_ticket_without_any_event_is_not_known()
    {
        RejectOnce(Store(), T, "K-404").Code.Should().Be(RejectionCode.EntityNotKnown);
    }

    [Fact]
    public void Other_events_of_the_ticket_do_not_make_it_known()
    {
        RejectOnce(Store(new Reply("K-1", 40, T - Duration.FromHours(1))), T).Code.Should().Be(RejectionCode.EntityNotKnown);
    }

    // ---- the outcome-already-known gate -------------------------------------------------------------------------

    [Fact]
    public void A_resolution_recorded_at_T_rejects_the_row_as_outcome_already_known()
    {
        HistoryStore store = Store(Opened(), new Resolved("K-1", T - Duration.FromHours(1), T));

        RowRejection rejection = RejectOnce(store, T);

        rejection.Feature.Should().Be("resolved_late");
        rejection.Code.Should().Be(RejectionCode.OutcomeAlreadyKnown);
        rejection.AttemptedValue.Should().Be(T.ToString());
    }

    [Fact]
    public void A_resolution_recorded_after_T_leaves_the_row_buildable_even_if_it_happened_before()
    {
        HistoryStore store = Store(Opened(), new Resolved("K-1", T - Duration.FromHours(1), T + OneTick));

        SizeTransform().BuildRow(store, "K-1", T).IsAccepted.Should().BeTrue();
        SizeTransform().LabelAt(store, "K-1", T).IsKnown.Should().BeFalse();
        SizeTransform().LabelAt(store, "K-1", T + OneTick).Should().Be(LabelState.Known(false, T + OneTick));
    }

    [Fact]
    public void The_entity_gate_comes_before_the_outcome_gate()
    {
        HistoryStore store = Store(Opened(recorded: T + OneTick), new Resolved("K-1", T - Duration.FromHours(1)));

        RejectOnce(store, T).Code.Should().Be(RejectionCode.EntityNotKnown);
    }

    [Fact]
    public void A_row_carries_the_domains_transform_version()
    {
        FeatureRow row = SizeTransform().BuildRow(Store(Opened(size: 12)), "K-1", T).GetRowOrThrow();

        row.TransformVersion.Should().Be("tickets-1");
        row.EntityId.Should().Be("K-1");
        row["size"].Value.Should().Be(FeatureValue.Numeric(12));
    }

    // ---- inputs checked against the schema --------------------------------------------------------------------------

    private static ValueSource<TicketView, double> Reading(string name, InputField input)
        => ValueSource.Numeric<TicketView>(name, [input], v => Observation<double>.Missing());

    [Fact]
    public void A_contract_reading_fields_the_schema_lacks_or_an_outcome_field_as_a_predictor_is_refused_naming_each()
    {
        FeatureContract<TicketView> contract = FeatureContract.Define<TicketView>("ticket_leaky", 2)
            .Numeric("colour", f => f.From(Reading("colour", InputField.Predictor("ticket_opened", "colour"))).EmitMissingWithIndicator().CapAt(1000))
            .Numeric("closed", f => f.From(Reading("closed", InputField.Predictor("ticket_closed", "at"))).EmitMissingWithIndicator().CapAt(1000))
            .Numeric("hours_to_resolution", f => f.From(Reading("resolution", InputField.Predictor("resolved", "occurred_at"))).EmitMissingWithIndicator().CapAt(1000))
            .Numeric("size", f => f.From(Size).RejectIfMissing().CapAt(1000))
            .Build();

        Action create = () => _ = new Transform<TicketView>(TicketDomain.Instance, contract);

        create.Should().Throw<ArgumentException>().Which.Message.Should().StartWith(
            "Contract 'ticket_leaky' v2 does not fit domain 'tickets':"
            + "\n  - feature 'colour' reads ticket_opened.colour, but event type 'ticket_opened' has no field 'colour'"
            + "\n  - feature 'closed' reads ticket_closed.at, but domain 'tickets' has no event type 'ticket_closed'"
            + "\n  - feature 'hours_to_resolution' declares resolved.occurred_at a predictor, but 'resolved' is outcome-only in domain 'tickets'");
    }

    [Fact]
    public void A_contract_reading_the_instants_of_a_predictor_type_fits()
    {
        FeatureContract<TicketView> contract = FeatureContract.Define<TicketView>("ticket_age", 1)
            .Numeric("age", f => f.From(Reading("age", InputField.Predictor("ticket_opened", "occurred_at"))).EmitMissingWithIndicator().CapAt(1000))
            .Build();

        new Transform<TicketView>(TicketDomain.Instance, contract).Contract.Should().BeSameAs(contract);
    }
}
