using System;
using FeatureContracts.Domains;
using NodaTime;

namespace FeatureContracts.Shipments.Events;

/// <summary>
/// An event of the shipment log. Immutable. <see cref="DomainEvent.RecordedAt"/> defaults to
/// <see cref="DomainEvent.OccurredAt"/>; a record earlier than the occurrence is invalid. Its fields are declared once,
/// in <c>ShipmentDomain.Instance.Schema</c>.
/// </summary>
public abstract record ShipmentEvent : DomainEvent
{
    private protected ShipmentEvent(Instant occurredAt, Instant? recordedAt, string? eventId)
        : base(occurredAt, recordedAt, eventId)
    {
    }

    /// <summary>
    /// Whether the event exists only once the outcome is known (a delivery, a complaint), as the schema declares. Such
    /// events never reach a point-in-time view.
    /// </summary>
    public bool IsOutcome => ShipmentDomain.Instance.Schema.TypeOf(this).IsOutcome;
}

/// <summary>An event about one order.</summary>
public abstract record OrderEvent : ShipmentEvent
{
    private protected OrderEvent(string orderId, Instant occurredAt, Instant? recordedAt, string? eventId)
        : base(occurredAt, recordedAt, eventId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderId);
        OrderId = orderId;
    }

    /// <summary>The order the event is about.</summary>
    public string OrderId { get; }
}

/// <summary>An order was placed (or amended): route, carrier, service class and promise.</summary>
public sealed record OrderPlaced : OrderEvent
{
    /// <summary>Creates the event.</summary>
    /// <param name="orderId">The order.</param>
    /// <param name="occurredAt">When the order was placed.</param>
    /// <param name="carrier">The carrier code, if the source gave one.</param>
    /// <param name="distanceKm">The route distance in kilometres, if the source gave one.</param>
    /// <param name="expedited">The service class; <see langword="null"/> when the field was absent.</param>
    /// <param name="origin">The origin warehouse.</param>
    /// <param name="promisedDate">The promised delivery date, local to the destination.</param>
    /// <param name="destinationZone">The destination's time zone.</param>
    /// <param name="recordedAt">When the event was recorded; defaults to <paramref name="occurredAt"/>.</param>
    /// <param name="eventId">The event's id.</param>
    public OrderPlaced(
        string orderId,
        Instant occurredAt,
        string? carrier,
        double? distanceKm,
        bool? expedited,
        string origin,
        LocalDate promisedDate,
        DateTimeZone destinationZone,
        Instant? recordedAt = null,
        string? eventId = null)
        : base(orderId, occurredAt, recordedAt, eventId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(origin);
        ArgumentNullException.ThrowIfNull(destinationZone);
        Carrier = carrier;
        DistanceKm = distanceKm;
        Expedited = expedited;
        Origin = origin;
        PromisedDate = promisedDate;
        DestinationZone = destinationZone;
    }

    /// <summary>The carrier code, if given.</summary>
    public string? Carrier { get; }

    /// <summary>The route distance in kilometres, if given.</summary>
    public double? DistanceKm { get; }

    /// <summary>Whether the service class is expedited; <see langword="null"/> when the field was absent.</summary>
    public bool? Expedited { get; }

    /// <summary>The origin warehouse.</summary>
    public string Origin { get; }

    /// <summary>The promised delivery date in the destination's zone.</summary>
    public LocalDate PromisedDate { get; }

    /// <summary>The destination's IANA time zone.</summary>
    public DateTimeZone DestinationZone { get; }

    /// <inheritdoc />
    public override string EventType => "order_placed";
}

/// <summary>A parcel was scanned.</summary>
public sealed record Scan : OrderEvent
{
    /// <summary>Creates the event.</summary>
    public Scan(string orderId, Instant occurredAt, string? location = null, Instant? recordedAt = null, string? eventId = null)
        : base(orderId, occurredAt, recordedAt, eventId)
        => Location = location;

    /// <summary>Where the scan happened, if given.</summary>
    public string? Location { get; }

    /// <inheritdoc />
    public override string EventType => "scan";
}

/// <summary>The parcel was delivered. Outcome-only: it never reaches a feature.</summary>
public sealed record Delivered : OrderEvent
{
    /// <summary>Creates the event.</summary>
    public Delivered(string orderId, Instant occurredAt, Instant? recordedAt = null, string? eventId = null)
        : base(orderId, occurredAt, recordedAt, eventId)
    {
    }

    /// <inheritdoc />
    public override string EventType => "delivered";
}

/// <summary>The customer complained. Outcome-only: it never reaches a feature.</summary>
public sealed record Complaint : OrderEvent
{
    /// <summary>Creates the event.</summary>
    public Complaint(string orderId, Instant occurredAt, Instant? recordedAt = null, string? eventId = null)
        : base(orderId, occurredAt, recordedAt, eventId)
    {
    }

    /// <inheritdoc />
    public override string EventType => "complaint";
}

/// <summary>A warehouse's queue length was measured.</summary>
public sealed record BacklogMeasured : ShipmentEvent
{
    /// <summary>Creates the event.</summary>
    public BacklogMeasured(string warehouse, double queueLength, Instant occurredAt, Instant? recordedAt = null, string? eventId = null)
        : base(occurredAt, recordedAt, eventId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(warehouse);
        Warehouse = warehouse;
        QueueLength = queueLength;
    }

    /// <summary>The warehouse measured.</summary>
    public string Warehouse { get; }

    /// <summary>The measured queue length.</summary>
    public double QueueLength { get; }

    /// <inheritdoc />
    public override string EventType => "backlog_measured";
}
