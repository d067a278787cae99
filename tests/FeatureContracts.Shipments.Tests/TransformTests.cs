using System.Linq;
using FeatureContracts.Shipments.Histories;
using FeatureContracts.Shipments.Events;
using FeatureContracts.Contracts;
using FeatureContracts.Rows;
using FeatureContracts.Sources;
using NodaTime;
using static FeatureContracts.Shipments.Tests.Builders;

namespace FeatureContracts.Shipments.Tests;

public sealed class TransformTests
{
    private static readonly string[] OutcomeWords = ["delivered", "complaint", "label", "delivered_after_promise"];

    [Fact]
    public void O204_at_nine_gives_the_row_of_the_design_brief()
    {
        FeatureRow row = AcceptedRow(O204History(), O204Backlog(), Nine);

        row.EntityId.Should().Be("O-204");
        row.PredictionInstant.Should().Be(At("2026-05-01T09:00Z"));
        row["distance_km"].Value.Should().Be(FeatureValue.Numeric(620));
        row["hours_since_last_scan"].Value.Should().Be(FeatureValue.Numeric(8));
        row["origin_backlog"].Value.Should().Be(FeatureValue.Numeric(18));
        row["carrier"].Value.Should().Be(FeatureValue.Categorical("northline"));
        row["expedited"].Value.Should().Be(FeatureValue.Bool(false));
        row.Cells.Select(c => c.Notes).Should().AllSatisfy(n => n.Should().Be(CellNotes.None));
    }

    [Fact]
    public void O204_column_values_are_the_literal_row_with_backlog_present()
    {
        FeatureRow row = AcceptedRow(O204History(), O204Backlog(), Nine);

        row.ColumnValues().Should().Equal(
            FeatureValue.Numeric(620),
            FeatureValue.Numeric(8),
            FeatureValue.Numeric(18),
            FeatureValue.Categorical("northline"),
            FeatureValue.Bool(false),
            FeatureValue.Numeric(0));
    }

    [Fact]
    public void O204_row_has_no_outcome_field_in_columns_cells_or_lineage()
    {
        FeatureRow row = AcceptedRow(O204History(), O204Backlog(), Nine);

        row.Schema.Columns.Select(c => c.Name).Should().NotContain(name => OutcomeWords.Any(w => name.Contains(w)));
        row.Cells.Select(c => c.Feature).Should().NotContain(name => OutcomeWords.Any(w => name.Contains(w)));
        row.Lineage.Select(l => l.EventType).Should().NotContain(["delivered", "complaint", "label"]);
        row.Lineage.Should().OnlyContain(l => l.RecordedAt <= Nine && l.OccurredAt <= Nine);
    }

    [Fact]
    public void O204_row_names_the_events_each_value_came_from()
    {
        FeatureRow row = AcceptedRow(O204History(), O204Backlog(), Nine);
        var placed = new LineageEntry("order_placed", "placed-1", At("2026-04-30T12:00Z"), At("2026-04-30T12:00Z"));

        row["distance_km"].Lineage.Should().Equal(placed);
        row["carrier"].Lineage.Should().Equal(placed);
        row["expedited"].Lineage.Should().Equal(placed);
        row["hours_since_last_scan"].Lineage.Should().Equal(
            new LineageEntry("scan", "scan-2", At("2026-05-01T01:00Z"), At("2026-05-01T01:00Z")));
        row["origin_backlog"].Lineage.Should().Equal(
            new LineageEntry("backlog_measured", "backlog-1", At("2026-05-01T07:30Z"), At("2026-05-01T07:30Z")));
        row["origin_backlog"].FreshnessLag.Should().Be(Duration.FromMinutes(90));
        row["hours_since_last_scan"].FreshnessLag.Should().Be(Duration.FromHours(8));
    }

    [Fact]
    public void O204_row_records_contract_and_transform_identity()
    {
        FeatureRow row = AcceptedRow(O204History(), O204Backlog(), Nine);

        row.ContractName.Should().Be("late_delivery");
        row.ContractVersion.Should().Be(1);
        row.TransformVersion.Should().Be("shipments-1.0.0");
    }

    [Fact]
    public void Same_inputs_give_equal_rows()
    {
        FeatureRow first = AcceptedRow(O204History(), O204Backlog(), Nine);
        FeatureRow second = AcceptedRow(O204History(), O204Backlog(), Nine);

        first.Should().Be(second);
    }

    [Fact]
    public void No_order_placed_at_all_is_rejected_as_entity_not_known()
    {
        RowRejection rejection = SingleRejection(History(ScanAt("2026-05-01T01:00Z")), O204Backlog(), Nine);

        rejection.Code.Should().Be(RejectionCode.EntityNotKnown);
        rejection.Feature.Should().BeNull();
        rejection.AttemptedValue.Should().Be("O-204");
    }

    [Fact]
    public void Order_placed_recorded_after_prediction_instant_is_rejected_as_entity_not_known()
    {
        ShipmentHistory history = History(Placed(occurredAt: "2026-05-01T08:00Z", recordedAt: "2026-05-01T09:00:00.000000001Z"));

        SingleRejection(history, O204Backlog(), Nine).Code.Should().Be(RejectionCode.EntityNotKnown);
    }

    [Fact]
    public void Order_placed_recorded_exactly_at_prediction_instant_is_known()
    {
        ShipmentHistory history = History(Placed(occurredAt: "2026-05-01T08:00Z", recordedAt: "2026-05-01T09:00Z"));

        AcceptedRow(history, O204Backlog(), Nine)["distance_km"].Value.Should().Be(FeatureValue.Numeric(620));
    }

    [Fact]
    public void Amended_order_visible_at_prediction_instant_replaces_the_original()
    {
        ShipmentHistory history = History(
            Placed(distanceKm: 620, carrier: "northline", eventId: "placed-1"),
            Placed(occurredAt: "2026-05-01T08:00Z", distanceKm: 655, carrier: "swiftpost", eventId: "placed-2"));

        FeatureRow row = AcceptedRow(history, O204Backlog(), Nine);

        row["distance_km"].Value.Should().Be(FeatureValue.Numeric(655));
        row["carrier"].Value.Should().Be(FeatureValue.Categorical("swiftpost"));
    }

    [Fact]
    public void Amended_order_recorded_after_prediction_instant_is_ignored()
    {
        ShipmentHistory history = History(
            Placed(distanceKm: 620, eventId: "placed-1"),
            Placed(occurredAt: "2026-05-01T08:00Z", recordedAt: "2026-05-01T09:30Z", distanceKm: 655, eventId: "placed-2"));

        AcceptedRow(history, O204Backlog(), Nine)["distance_km"].Value.Should().Be(FeatureValue.Numeric(620));
    }

    // ----- Leakage gate: a prediction instant at or after the label became known is rejected. -----
    // The O-204 promise is 2026-05-02 in Berlin (UTC+2 in May), so the deadline is 2026-05-02T22:00Z.

    private static ShipmentHistory HistoryWith(params OrderEvent[] outcome)
        => History([Placed(), ScanAt("2026-05-01T01:00Z", eventId: "scan-1"), .. outcome]);

    [Fact]
    public void Delivery_recorded_before_deadline_makes_the_outcome_known_at_its_recorded_at()
    {
        ShipmentHistory history = HistoryWith(DeliveredAt("2026-05-02T10:00Z", recordedAt: "2026-05-02T10:30Z", eventId: "d-1"));

        RowRejection rejection = SingleRejection(history, O204Backlog(), At("2026-05-02T10:30Z"));

        rejection.Code.Should().Be(RejectionCode.OutcomeAlreadyKnown);
        rejection.Feature.Should().Be("delivered_after_promise");
        rejection.AttemptedValue.Should().Be("2026-05-02T10:30:00Z");
        rejection.Message.Should().Contain("outcome already known");
    }

    [Fact]
    public void One_tick_before_the_delivery_is_recorded_the_row_is_accepted()
    {
        ShipmentHistory history = HistoryWith(DeliveredAt("2026-05-02T10:00Z", recordedAt: "2026-05-02T10:30Z", eventId: "d-1"));

        FeatureRow row = AcceptedRow(history, O204Backlog(), At("2026-05-02T10:30Z") - Tick);

        row.Lineage.Select(l => l.EventType).Should().NotContain("delivered");
    }

    [Fact]
    public void Without_delivery_the_outcome_is_known_at_the_deadline()
    {
        RowRejection rejection = SingleRejection(HistoryWith(), O204Backlog(), At("2026-05-02T22:00Z"));

        rejection.Code.Should().Be(RejectionCode.OutcomeAlreadyKnown);
        rejection.AttemptedValue.Should().Be("2026-05-02T22:00:00Z");
        rejection.Message.Should().Contain("outcome already known");
    }

    [Fact]
    public void Without_delivery_one_tick_before_the_deadline_the_row_is_accepted()
    {
        FeatureRow row = AcceptedRow(HistoryWith(), Timeline(), At("2026-05-02T22:00Z") - Tick);

        row.PredictionInstant.Should().Be(At("2026-05-02T21:59:59.999999999Z"));
    }

    [Fact]
    public void Delivery_that_happened_before_T_but_was_recorded_after_T_does_not_make_T_leak()
    {
        ShipmentHistory history = HistoryWith(DeliveredAt("2026-05-02T08:00Z", recordedAt: "2026-05-02T12:00Z", eventId: "d-1"));

        FeatureRow row = AcceptedRow(history, Timeline(), At("2026-05-02T09:00Z"));

        row["hours_since_last_scan"].Value.Should().Be(FeatureValue.Numeric(32));
        row.Lineage.Select(l => l.EventType).Should().NotContain("delivered");
    }

    [Fact]
    public void Late_delivery_not_yet_recorded_still_leaks_once_the_deadline_has_passed()
    {
        ShipmentHistory history = HistoryWith(DeliveredAt("2026-05-03T14:00Z", eventId: "d-1"));

        RowRejection rejection = SingleRejection(history, O204Backlog(), At("2026-05-03T09:00Z"));

        rejection.Code.Should().Be(RejectionCode.OutcomeAlreadyKnown);
        rejection.AttemptedValue.Should().Be("2026-05-02T22:00:00Z");
    }

    [Fact]
    public void Leakage_gate_uses_the_promise_of_the_order_declaration_visible_at_T()
    {
        ShipmentHistory original = History(Placed(promisedDate: new LocalDate(2026, 5, 1), eventId: "placed-1"));
        ShipmentHistory amended = History(
            Placed(promisedDate: new LocalDate(2026, 5, 1), eventId: "placed-1"),
            Placed(occurredAt: "2026-05-01T08:00Z", promisedDate: new LocalDate(2026, 5, 3), eventId: "placed-2"));
        Instant t = At("2026-05-02T09:00Z");

        SingleRejection(original, Timeline(), t).Code.Should().Be(RejectionCode.OutcomeAlreadyKnown);
        AcceptedRow(amended, Timeline(), t).EntityId.Should().Be("O-204");
    }

    [Fact]
    public void Visible_complaint_never_reaches_the_row()
    {
        ShipmentHistory history = HistoryWith(ComplaintAt("2026-05-01T08:00Z", eventId: "c-1"));

        FeatureRow row = AcceptedRow(history, O204Backlog(), Nine);

        row.Lineage.Select(l => l.EventType).Should().NotContain("complaint");
        row["hours_since_last_scan"].Value.Should().Be(FeatureValue.Numeric(8));
    }

    [Fact]
    public void Per_row_gate_refuses_a_value_whose_lineage_was_recorded_after_T()
    {
        var fabricated = ValueSource.Numeric<ShipmentView>(
            "fabricated_future",
            [ShipmentFields.DistanceKm],
            view => Observation<double>.Present(
                1,
                new LineageEntry("scan", "future-scan", view.PredictionInstant, view.PredictionInstant + Duration.FromHours(1))));
        FeatureContract<ShipmentView> contract = FeatureContract.Define<ShipmentView>("fabricated", 1)
            .Numeric("future_value", f => f.From(fabricated).RejectIfMissing().RejectOutside(0, 10))
            .Build();

        RowResult result = new ShipmentTransform(contract).BuildRow(O204History(), O204Backlog(), Nine);

        result.IsAccepted.Should().BeFalse();
        result.Rejections.Should().ContainSingle().Which.Should().BeEquivalentTo(new
        {
            Feature = "future_value",
            Code = RejectionCode.LineageAfterPredictionInstant,
            AttemptedValue = "future-scan",
        });
    }
}
