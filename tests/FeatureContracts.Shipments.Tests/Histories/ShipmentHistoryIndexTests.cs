using System;
using System.Collections.Generic;
using System.Linq;
using FeatureContracts.Shipments.Events;
using FeatureContracts.Shipments.Histories;
using FeatureContracts.Shipments.Labels;
using FeatureContracts.Time;
using FsCheck.Xunit;
using NodaTime;

namespace FeatureContracts.Shipments.Tests.Histories;

/// <summary>The indexed history answers exactly what a scan of all its events under the time rules answers.</summary>
public sealed class ShipmentHistoryIndexTests
{
    private static readonly Instant Origin = Instant.FromUtc(2026, 5, 1, 0, 0);
    private static readonly DateTimeZone Berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];

    private static List<OrderEvent> Events(IEnumerable<(byte Kind, byte Occurred, byte Lag)> spec)
        => [.. spec.Select((s, i) =>
        {
            Instant occurred = Origin + Duration.FromMinutes(s.Occurred % 30);
            Instant recorded = occurred + Duration.FromMinutes(s.Lag % 5);
            return (s.Kind % 4) switch
            {
                0 => (OrderEvent)new OrderPlaced("O-1", occurred, "northline", 100 + i, null, "WH-" + (i % 2), new LocalDate(2026, 5, 1), Berlin, recorded, "e" + i),
                1 or 2 => new Scan("O-1", occurred, "hub", recorded, "e" + i),
                _ => new Delivered("O-1", occurred, recorded, "e" + i),
            };
        })];

    [Property(MaxTest = 300)]
    public bool Views_orders_deliveries_and_labels_equal_the_time_rules_over_all_events(List<(byte Kind, byte Occurred, byte Lag)> spec)
    {
        List<OrderEvent> events = Events(spec);
        ShipmentHistory history = ShipmentHistory.Of("O-1", events);
        BacklogTimeline backlog = BacklogTimeline.Of([new BacklogMeasured("WH-0", 3, Origin), new BacklogMeasured("WH-1", 4, Origin + Duration.FromMinutes(7))]);
        var orders = events.OfType<OrderPlaced>().ToList();
        var scans = events.OfType<Scan>().ToList();
        var deliveries = events.OfType<Delivered>().ToList();
        for (int minute = -1; minute < 40; minute++)
        {
            Instant t = Origin + Duration.FromMinutes(minute);
            ShipmentView view = history.ViewAt(t, backlog);
            OrderPlaced? order = TimeRules.AsOf(orders, t);
            var visibleScans = scans.Where(s => s.RecordedAt <= t).ToList();
            Instant? firstDelivery = deliveries.Where(d => d.RecordedAt <= t).Select(d => (Instant?)d.RecordedAt).Min();
            DeliveryLabelState? label = LateDeliveryLabel.At(history, t);
            bool same = ReferenceEquals(view.Order, order)
                && ReferenceEquals(view.LastScan, TimeRules.AsOf(visibleScans, t))
                && view.Scans.SequenceEqual(visibleScans)
                && ReferenceEquals(view.OriginBacklog, order is null ? null : backlog.AsOf(order.Origin, t))
                && ReferenceEquals(history.OrderAsOf(t), order)
                && ReferenceEquals(history.DeliveryAsOf(t), TimeRules.AsOf(deliveries, t))
                && (label is null || TimeRules.AsOf(deliveries, t) is not { } delivered
                    || label.KnownAt == Min(firstDelivery!.Value, label.Deadline));
            if (!same)
            {
                return false;
            }
        }

        return true;
    }

    private static Instant Min(Instant a, Instant b) => a < b ? a : b;
}
