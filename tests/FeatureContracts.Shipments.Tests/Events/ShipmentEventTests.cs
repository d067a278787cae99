using System;
using FeatureContracts.Shipments.Events;
using FeatureContracts.Sources;
using NodaTime;
using static FeatureContracts.Shipments.Tests.Builders;

namespace FeatureContracts.Shipments.Tests.Events;

public sealed class ShipmentEventTests
{
    private static readonly Instant Occurred = At("2026-05-01T08:00Z");
    private static readonly Instant Earlier = At("2026-05-01T08:00Z") - Tick;

    [Fact]
    public void Recorded_at_defaults_to_occurred_at()
    {
        var scan = new Scan("O-204", Occurred);

        scan.RecordedAt.Should().Be(At("2026-05-01T08:00Z"));
        scan.OccurredAt.Should().Be(At("2026-05-01T08:00Z"));
    }

    [Fact]
    public void Recorded_at_equal_to_occurred_at_is_valid()
    {
        var scan = new Scan("O-204", Occurred, recordedAt: Occurred);

        scan.RecordedAt.Should().Be(At("2026-05-01T08:00Z"));
    }

    [Fact]
    public void Recorded_at_later_than_occurred_at_is_kept()
    {
        var scan = new Scan("O-204", Occurred, recordedAt: At("2026-05-01T09:10Z"));

        scan.RecordedAt.Should().Be(At("2026-05-01T09:10Z"));
        scan.OccurredAt.Should().Be(At("2026-05-01T08:00Z"));
    }

    [Fact]
    public void Scan_recorded_before_it_occurred_is_rejected()
    {
        Action act = () => _ = new Scan("O-204", Occurred, recordedAt: Earlier);

        act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("recordedAt");
    }

    [Fact]
    public void Order_placed_recorded_before_it_occurred_is_rejected()
    {
        Action act = () => _ = new OrderPlaced("O-204", Occurred, "northline", 620, false, Origin, Promised, Berlin, recordedAt: Earlier);

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Delivered_recorded_before_it_occurred_is_rejected()
    {
        Action act = () => _ = new Delivered("O-204", Occurred, recordedAt: Earlier);

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Complaint_recorded_before_it_occurred_is_rejected()
    {
        Action act = () => _ = new Complaint("O-204", Occurred, recordedAt: Earlier);

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Backlog_measurement_recorded_before_it_occurred_is_rejected()
    {
        Action act = () => _ = new BacklogMeasured(Origin, 18, Occurred, recordedAt: Earlier);

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Delivered_and_complaint_are_outcome_events()
    {
        new Delivered("O-204", Occurred).IsOutcome.Should().BeTrue();
        new Complaint("O-204", Occurred).IsOutcome.Should().BeTrue();
    }

    [Fact]
    public void Order_placed_scan_and_backlog_are_not_outcome_events()
    {
        Placed().IsOutcome.Should().BeFalse();
        new Scan("O-204", Occurred).IsOutcome.Should().BeFalse();
        new BacklogMeasured(Origin, 18, Occurred).IsOutcome.Should().BeFalse();
    }

    [Fact]
    public void Event_types_are_the_log_discriminators()
    {
        Placed().EventType.Should().Be("order_placed");
        new Scan("O-204", Occurred).EventType.Should().Be("scan");
        new Delivered("O-204", Occurred).EventType.Should().Be("delivered");
        new Complaint("O-204", Occurred).EventType.Should().Be("complaint");
        new BacklogMeasured(Origin, 18, Occurred).EventType.Should().Be("backlog_measured");
    }

    [Fact]
    public void Lineage_entry_carries_type_id_and_both_instants()
    {
        var scan = new Scan("O-204", Occurred, recordedAt: At("2026-05-01T09:10Z"), eventId: "scan-7");

        scan.ToLineage().Should().Be(new LineageEntry("scan", "scan-7", At("2026-05-01T08:00Z"), At("2026-05-01T09:10Z")));
    }

    [Fact]
    public void Order_event_without_order_id_is_rejected()
    {
        Action act = () => _ = new Scan(" ", Occurred);

        act.Should().Throw<ArgumentException>();
    }
}
