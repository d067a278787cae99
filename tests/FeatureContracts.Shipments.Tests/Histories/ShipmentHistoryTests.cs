using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using FeatureContracts.Shipments.Events;
using FeatureContracts.Shipments.Histories;
using NodaTime;
using static FeatureContracts.Shipments.Tests.Builders;

namespace FeatureContracts.Shipments.Tests.Histories;

public sealed class ShipmentHistoryTests
{
    [Fact]
    public void Events_with_the_same_event_id_count_once()
    {
        ShipmentHistory history = History(
            Placed(eventId: "placed-1"),
            ScanAt("2026-05-01T01:00Z", eventId: "scan-1"),
            ScanAt("2026-05-01T01:00Z", eventId: "scan-1"),
            Placed(eventId: "placed-1"));

        history.Events.Select(e => e.EventId).Should().Equal("placed-1", "scan-1");
    }

    [Fact]
    public void First_occurrence_of_a_duplicated_event_id_is_kept()
    {
        ShipmentHistory history = History(
            ScanAt("2026-05-01T01:00Z", eventId: "scan-1"),
            ScanAt("2026-05-01T05:00Z", eventId: "scan-1"));

        history.Events.Should().ContainSingle().Which.OccurredAt.Should().Be(At("2026-05-01T01:00Z"));
    }

    [Fact]
    public void Events_without_event_id_are_never_merged()
    {
        ShipmentHistory history = History(ScanAt("2026-05-01T01:00Z"), ScanAt("2026-05-01T01:00Z"));

        history.Events.Should().HaveCount(2);
    }

    [Fact]
    public void Events_keep_their_input_order()
    {
        ShipmentHistory history = History(
            ScanAt("2026-05-01T05:00Z", eventId: "b"),
            ScanAt("2026-05-01T01:00Z", eventId: "a"),
            Placed(eventId: "c"));

        history.Events.Select(e => e.EventId).Should().Equal("b", "a", "c");
    }

    [Fact]
    public void History_refuses_an_event_of_another_order()
    {
        Action act = () => ShipmentHistory.Of("O-204", [Placed(orderId: "O-999")]);

        act.Should().Throw<ArgumentException>().WithMessage("*O-999*");
    }

    [Fact]
    public void Duplicated_scan_ids_do_not_change_the_row()
    {
        ShipmentHistory once = History(Placed(), ScanAt("2026-05-01T01:00Z", eventId: "scan-1"));
        ShipmentHistory twice = History(Placed(), ScanAt("2026-05-01T01:00Z", eventId: "scan-1"), ScanAt("2026-05-01T01:00Z", eventId: "scan-1"));

        AcceptedRow(twice, O204Backlog(), Nine).Should().Be(AcceptedRow(once, O204Backlog(), Nine));
    }

    [Fact]
    public void Order_as_of_picks_the_latest_visible_declaration()
    {
        ShipmentHistory history = History(
            Placed(occurredAt: "2026-04-30T12:00Z", distanceKm: 620, eventId: "placed-1"),
            Placed(occurredAt: "2026-05-01T08:00Z", recordedAt: "2026-05-01T10:00Z", distanceKm: 655, eventId: "placed-2"));

        history.OrderAsOf(At("2026-05-01T09:59Z"))!.DistanceKm.Should().Be(620);
        history.OrderAsOf(At("2026-05-01T10:00Z"))!.DistanceKm.Should().Be(655);
        history.OrderAsOf(At("2026-04-30T11:59Z")).Should().BeNull();
    }

    [Fact]
    public void Delivery_as_of_sees_only_recorded_deliveries()
    {
        ShipmentHistory history = History(Placed(), DeliveredAt("2026-05-02T10:00Z", recordedAt: "2026-05-02T11:00Z", eventId: "d-1"));

        history.DeliveryAsOf(At("2026-05-02T10:59Z")).Should().BeNull();
        history.DeliveryAsOf(At("2026-05-02T11:00Z"))!.EventId.Should().Be("d-1");
    }
}

public sealed class ShipmentViewTests
{
    [Fact]
    public void View_exposes_no_property_that_can_hold_a_delivery_or_a_complaint()
    {
        PropertyInfo[] properties = typeof(ShipmentView).GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static);

        properties.Should().NotBeEmpty();
        properties.Should().OnlyContain(p => !CanHoldOutcome(p.PropertyType), "a point-in-time view must not be able to reach an outcome");
    }

    [Fact]
    public void View_exposes_no_history_or_timeline()
    {
        typeof(ShipmentView).GetProperties().Select(p => p.PropertyType)
            .Should().NotContain([typeof(ShipmentHistory), typeof(BacklogTimeline)]);
    }

    [Fact]
    public void View_cannot_be_constructed_by_feature_code()
    {
        typeof(ShipmentView).GetConstructors(BindingFlags.Public | BindingFlags.Instance).Should().BeEmpty();
    }

    [Fact]
    public void View_holds_only_events_recorded_at_or_before_T()
    {
        ShipmentHistory history = History(
            Placed(eventId: "placed-1"),
            Placed(occurredAt: "2026-05-01T08:00Z", recordedAt: "2026-05-01T09:00:00.000000001Z", distanceKm: 700, eventId: "placed-late"),
            ScanAt("2026-05-01T01:00Z", eventId: "scan-1"),
            ScanAt("2026-05-01T07:00Z", recordedAt: "2026-05-01T09:00Z", eventId: "scan-at-t"),
            ScanAt("2026-05-01T08:50Z", recordedAt: "2026-05-01T09:10Z", eventId: "scan-late"),
            DeliveredAt("2026-05-01T08:55Z", recordedAt: "2026-05-01T08:58Z", eventId: "d-1"),
            ComplaintAt("2026-05-01T08:56Z", eventId: "c-1"));
        BacklogTimeline backlog = Timeline(
            Backlog(18, "2026-05-01T07:30Z", eventId: "b-1"),
            Backlog(99, "2026-05-01T08:45Z", recordedAt: "2026-05-01T09:05Z", eventId: "b-late"));

        ShipmentView view = history.ViewAt(Nine, backlog);

        view.PredictionInstant.Should().Be(At("2026-05-01T09:00Z"));
        view.EntityId.Should().Be("O-204");
        view.Order!.EventId.Should().Be("placed-1");
        view.Scans.Select(s => s.EventId).Should().Equal("scan-1", "scan-at-t");
        view.LastScan!.EventId.Should().Be("scan-at-t");
        view.OriginBacklog!.EventId.Should().Be("b-1");
    }

    [Fact]
    public void View_is_empty_before_anything_was_recorded()
    {
        ShipmentView view = O204History().ViewAt(At("2026-04-30T11:59Z"), O204Backlog());

        view.Order.Should().BeNull();
        view.Scans.Should().BeEmpty();
        view.LastScan.Should().BeNull();
        view.OriginBacklog.Should().BeNull();
    }

    [Fact]
    public void View_reads_the_backlog_of_the_visible_orders_origin_only()
    {
        BacklogTimeline backlog = Timeline(Backlog(400, "2026-05-01T08:00Z", warehouse: OtherWarehouse, eventId: "b-other"));

        O204History().ViewAt(Nine, backlog).OriginBacklog.Should().BeNull();
    }

    /// <summary>
    /// Whether a value of <paramref name="type"/> could be, or contain, a delivery or a complaint: the type is a
    /// base of either (object, ShipmentEvent, OrderEvent, ITimedFact...), or an array or generic type over one.
    /// </summary>
    private static bool CanHoldOutcome(Type type)
        => type.IsAssignableFrom(typeof(Delivered))
            || type.IsAssignableFrom(typeof(Complaint))
            || (type.IsArray && CanHoldOutcome(type.GetElementType()!))
            || (type.IsGenericType && type.GetGenericArguments().Any(CanHoldOutcome))
            || type.GetInterfaces()
                .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))
                .Any(i => CanHoldOutcome(i.GetGenericArguments()[0]));
}
