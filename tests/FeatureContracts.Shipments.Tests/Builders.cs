using System.Collections.Generic;
using System.Linq;
using FeatureContracts.Rows;
using FeatureContracts.Shipments.Events;
using FeatureContracts.Shipments.Histories;
using NodaTime;
using NodaTime.Text;

namespace FeatureContracts.Shipments.Tests;

/// <summary>Short, readable builders for instants, zones and shipment events.</summary>
internal static class Builders
{
    // Declared first: the static fields below parse instants with it.
    private static readonly InstantPattern MinutePattern = InstantPattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm'Z'");

    /// <summary>The smallest representable duration (one nanosecond in NodaTime): "one tick" in these tests.</summary>
    public static readonly Duration Tick = Duration.Epsilon;

    public static readonly DateTimeZone Berlin = Zone("Europe/Berlin");

    public const string OrderId = "O-204";
    public const string Origin = "WH-ORIGIN";
    public const string OtherWarehouse = "WH-OTHER";

    /// <summary>The O-204 prediction instant, 2026-05-01T09:00Z.</summary>
    public static readonly Instant Nine = At("2026-05-01T09:00Z");

    /// <summary>The O-204 promise: 2026-05-02 in Berlin, so the deadline is 2026-05-02T22:00Z.</summary>
    public static readonly LocalDate Promised = new(2026, 5, 2);

    /// <summary>Parses an ISO-8601 UTC instant, with or without seconds (e.g. <c>2026-05-01T09:00Z</c>).</summary>
    public static Instant At(string iso)
    {
        ParseResult<Instant> minutes = MinutePattern.Parse(iso);
        return minutes.Success ? minutes.Value : InstantPattern.ExtendedIso.Parse(iso).Value;
    }

    public static DateTimeZone Zone(string id) => DateTimeZoneProviders.Tzdb[id];

    public static OrderPlaced Placed(
        string occurredAt = "2026-04-30T12:00Z",
        string? carrier = "northline",
        double? distanceKm = 620,
        bool? expedited = false,
        string origin = Origin,
        LocalDate? promisedDate = null,
        DateTimeZone? zone = null,
        string? recordedAt = null,
        string? eventId = "placed-1",
        string orderId = OrderId)
        => new(
            orderId,
            At(occurredAt),
            carrier,
            distanceKm,
            expedited,
            origin,
            promisedDate ?? Promised,
            zone ?? Berlin,
            recordedAt is null ? null : At(recordedAt),
            eventId);

    public static Scan ScanAt(string occurredAt, string? recordedAt = null, string? eventId = null, string orderId = OrderId)
        => new(orderId, At(occurredAt), "hub", recordedAt is null ? null : At(recordedAt), eventId);

    public static Delivered DeliveredAt(string occurredAt, string? recordedAt = null, string? eventId = null, string orderId = OrderId)
        => new(orderId, At(occurredAt), recordedAt is null ? null : At(recordedAt), eventId);

    public static Complaint ComplaintAt(string occurredAt, string? recordedAt = null, string? eventId = null, string orderId = OrderId)
        => new(orderId, At(occurredAt), recordedAt is null ? null : At(recordedAt), eventId);

    public static BacklogMeasured Backlog(double queueLength, string occurredAt, string? recordedAt = null, string warehouse = Origin, string? eventId = null)
        => new(warehouse, queueLength, At(occurredAt), recordedAt is null ? null : At(recordedAt), eventId);

    public static ShipmentHistory History(params IEnumerable<OrderEvent> events) => ShipmentHistory.Of(OrderId, events);

    public static BacklogTimeline Timeline(params IEnumerable<BacklogMeasured> measurements) => BacklogTimeline.Of(measurements);

    /// <summary>The events of the O-204 case of the design brief.</summary>
    public static ShipmentHistory O204History() => History(
        Placed(),
        ScanAt("2026-04-30T18:00Z", eventId: "scan-1"),
        ScanAt("2026-05-01T01:00Z", eventId: "scan-2"),
        DeliveredAt("2026-05-03T14:00Z", eventId: "delivered-1"),
        ComplaintAt("2026-05-04T10:00Z", eventId: "complaint-1"));

    /// <summary>The O-204 backlog: 18 at the origin, measured 07:30Z, plus another warehouse's measurement.</summary>
    public static BacklogTimeline O204Backlog() => Timeline(
        Backlog(18, "2026-05-01T07:30Z", eventId: "backlog-1"),
        Backlog(400, "2026-05-01T08:00Z", warehouse: OtherWarehouse, eventId: "backlog-2"));

    /// <summary>Builds the V1 row, which the test expects to be accepted.</summary>
    public static FeatureRow AcceptedRow(ShipmentHistory history, BacklogTimeline backlog, Instant t)
    {
        RowResult result = ShipmentTransform.LateDeliveryV1.BuildRow(history, backlog, t);
        result.IsAccepted.Should().BeTrue($"the row should be accepted, but: {result}");
        return result.Row!;
    }

    /// <summary>Builds the V1 row, which the test expects to be rejected, and returns the single rejection.</summary>
    public static RowRejection SingleRejection(ShipmentHistory history, BacklogTimeline backlog, Instant t)
    {
        RowResult result = ShipmentTransform.LateDeliveryV1.BuildRow(history, backlog, t);
        result.IsAccepted.Should().BeFalse($"the row should be rejected, but: {result}");
        result.Rejections.Should().ContainSingle();
        return result.Rejections.Single();
    }
}
