using System;
using FeatureContracts.Shipments.Events;
using NodaTime;

namespace FeatureContracts.Export.Events;

/// <summary>The fields of the event log format, in the format's order; a field's value is its bit in a field mask.</summary>
internal enum EventField : byte
{
    Type,
    OccurredAt,
    RecordedAt,
    EventId,
    OrderId,
    Carrier,
    DistanceKm,
    Expedited,
    Origin,
    PromisedDate,
    DestinationZone,
    Location,
    Warehouse,
    QueueLength,
}

/// <summary>The event types of the log format.</summary>
internal enum EventKind : byte
{
    OrderPlaced,
    Scan,
    BacklogMeasured,
    Delivered,
    Complaint,
}

/// <summary>
/// What a type-specific field must hold, and what its absence and a null mean. Every reader (JSON Lines, Parquet)
/// checks the same rules; a format whose null cannot be told from absence (a nullable column) reads null as
/// absent wherever the two differ.
/// </summary>
internal enum FieldRule : byte
{
    /// <summary>A non-blank string; absent is missing, null is invalid.</summary>
    RequiredText,

    /// <summary>A non-blank string; absent is missing, null means none.</summary>
    NullableText,

    /// <summary>A non-blank string; absent or null means none.</summary>
    OptionalText,

    /// <summary>A finite number; absent is missing, null means none.</summary>
    NullableNumber,

    /// <summary>A finite number; absent is missing, null is invalid.</summary>
    RequiredNumber,

    /// <summary>A boolean; absent or null means none.</summary>
    OptionalBoolean,

    /// <summary>An ISO-8601 calendar date; absent is missing.</summary>
    Date,

    /// <summary>An IANA time zone id known to the reader's provider; absent is missing.</summary>
    Zone,
}

/// <summary>One type-specific field of an event type, with its rule.</summary>
/// <param name="Field">The field.</param>
/// <param name="Rule">What it must hold.</param>
/// <param name="Shared">Whether its values repeat across events (carriers, warehouses), so a reader may reuse their strings.</param>
internal readonly record struct FieldSpec(EventField Field, FieldRule Rule, bool Shared = false);

/// <summary>The validated type-specific values of one event, filled field by field before the event is created.</summary>
internal struct EventValues
{
    public string? OrderId;
    public string? Carrier;
    public string? Origin;
    public string? Location;
    public string? Warehouse;
    public double? DistanceKm;
    public double? QueueLength;
    public bool? Expedited;
    public LocalDate PromisedDate;
    public DateTimeZone? DestinationZone;

    /// <summary>Stores a validated text field.</summary>
    public void SetText(EventField field, string? value)
    {
        switch (field)
        {
            case EventField.OrderId:
                OrderId = value;
                break;
            case EventField.Carrier:
                Carrier = value;
                break;
            case EventField.Origin:
                Origin = value;
                break;
            case EventField.Location:
                Location = value;
                break;
            case EventField.Warehouse:
                Warehouse = value;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(field), field, "Not a text field of an event type.");
        }
    }

    /// <summary>Stores a validated number field.</summary>
    public void SetNumber(EventField field, double? value)
    {
        switch (field)
        {
            case EventField.DistanceKm:
                DistanceKm = value;
                break;
            case EventField.QueueLength:
                QueueLength = value;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(field), field, "Not a number field of an event type.");
        }
    }
}

/// <summary>
/// The log format's event types as data, shared by every reader: the fields, each type's fields in the order they
/// are checked with their rules, the fields each type may have, and how an event is created from validated
/// values. A reader checks <c>type</c>, then <c>occurred_at</c>, <c>recorded_at</c> and <c>event_id</c>, then
/// <see cref="FieldsOf"/> in order, and reports the first problem; only the encoding of a value is its own.
/// </summary>
internal static class EventSchema
{
    /// <summary>The number of fields of the format.</summary>
    public const int FieldCount = 14;

    /// <summary>The event types, for reasons.</summary>
    public const string TypeList = "order_placed, scan, backlog_measured, delivered or complaint";

    private const int Common = (1 << (int)EventField.Type) | (1 << (int)EventField.OccurredAt) | (1 << (int)EventField.RecordedAt) | (1 << (int)EventField.EventId);

    private static readonly string[] Names =
    [
        "type", "occurred_at", "recorded_at", "event_id", "order_id", "carrier", "distance_km", "expedited", "origin",
        "promised_date", "destination_zone", "location", "warehouse", "queue_length",
    ];

    private static readonly string[] TypeNames = ["order_placed", "scan", "backlog_measured", "delivered", "complaint"];

    private static readonly FieldSpec[] OrderPlacedFields =
    [
        new(EventField.OrderId, FieldRule.RequiredText),
        new(EventField.Carrier, FieldRule.NullableText, Shared: true),
        new(EventField.DistanceKm, FieldRule.NullableNumber),
        new(EventField.Expedited, FieldRule.OptionalBoolean),
        new(EventField.Origin, FieldRule.RequiredText, Shared: true),
        new(EventField.PromisedDate, FieldRule.Date),
        new(EventField.DestinationZone, FieldRule.Zone),
    ];

    private static readonly FieldSpec[] ScanFields =
    [
        new(EventField.OrderId, FieldRule.RequiredText),
        new(EventField.Location, FieldRule.OptionalText, Shared: true),
    ];

    private static readonly FieldSpec[] BacklogFields =
    [
        new(EventField.Warehouse, FieldRule.RequiredText, Shared: true),
        new(EventField.QueueLength, FieldRule.RequiredNumber),
    ];

    private static readonly FieldSpec[] OutcomeFields = [new(EventField.OrderId, FieldRule.RequiredText)];

    private static readonly int[] AllowedMasks = [Mask(OrderPlacedFields), Mask(ScanFields), Mask(BacklogFields), Mask(OutcomeFields), Mask(OutcomeFields)];

    /// <summary>The snake_case name of <paramref name="field"/>.</summary>
    public static string NameOf(EventField field) => Names[(int)field];

    /// <summary>The <c>type</c> discriminator of <paramref name="kind"/>.</summary>
    public static string TypeNameOf(EventKind kind) => TypeNames[(int)kind];

    /// <summary>The field called <paramref name="name"/>, if the format has one.</summary>
    public static bool TryFieldOf(string name, out EventField field)
    {
        int index = Array.IndexOf(Names, name);
        field = index < 0 ? default : (EventField)index;
        return index >= 0;
    }

    /// <summary>The type-specific fields of <paramref name="kind"/>, in the order they are checked.</summary>
    public static ReadOnlySpan<FieldSpec> FieldsOf(EventKind kind) => kind switch
    {
        EventKind.OrderPlaced => OrderPlacedFields,
        EventKind.Scan => ScanFields,
        EventKind.BacklogMeasured => BacklogFields,
        _ => OutcomeFields,
    };

    /// <summary>Whether an event of <paramref name="kind"/> has <paramref name="field"/> (the common fields included).</summary>
    public static bool Allows(EventKind kind, EventField field) => (AllowedMasks[(int)kind] & (1 << (int)field)) != 0;

    /// <summary>The event type named by UTF-8 <paramref name="name"/>.</summary>
    public static bool TryParseKind(ReadOnlySpan<byte> name, out EventKind kind)
    {
        int found = name switch
        {
            _ when name.SequenceEqual("order_placed"u8) => (int)EventKind.OrderPlaced,
            _ when name.SequenceEqual("scan"u8) => (int)EventKind.Scan,
            _ when name.SequenceEqual("backlog_measured"u8) => (int)EventKind.BacklogMeasured,
            _ when name.SequenceEqual("delivered"u8) => (int)EventKind.Delivered,
            _ when name.SequenceEqual("complaint"u8) => (int)EventKind.Complaint,
            _ => -1,
        };
        kind = found < 0 ? default : (EventKind)found;
        return found >= 0;
    }

    /// <summary>The event type named by <paramref name="name"/>.</summary>
    public static bool TryParseKind(string name, out EventKind kind)
    {
        int found = Array.IndexOf(TypeNames, name);
        kind = found < 0 ? default : (EventKind)found;
        return found >= 0;
    }

    /// <summary>
    /// Creates the event from values that passed every rule of <see cref="FieldsOf"/> for <paramref name="kind"/>
    /// (so the constructor's own checks cannot fail), with <paramref name="recordedAt"/> not before
    /// <paramref name="occurredAt"/>.
    /// </summary>
    public static ShipmentEvent Create(EventKind kind, Instant occurredAt, Instant? recordedAt, string? eventId, in EventValues values) => kind switch
    {
        EventKind.OrderPlaced => new OrderPlaced(
            values.OrderId!, occurredAt, values.Carrier, values.DistanceKm, values.Expedited, values.Origin!, values.PromisedDate, values.DestinationZone!, recordedAt, eventId),
        EventKind.Scan => new Scan(values.OrderId!, occurredAt, values.Location, recordedAt, eventId),
        EventKind.BacklogMeasured => new BacklogMeasured(values.Warehouse!, values.QueueLength!.Value, occurredAt, recordedAt, eventId),
        EventKind.Delivered => new Delivered(values.OrderId!, occurredAt, recordedAt, eventId),
        _ => new Complaint(values.OrderId!, occurredAt, recordedAt, eventId),
    };

    private static int Mask(FieldSpec[] fields)
    {
        int mask = Common;
        foreach (FieldSpec spec in fields)
        {
            mask |= 1 << (int)spec.Field;
        }

        return mask;
    }
}
