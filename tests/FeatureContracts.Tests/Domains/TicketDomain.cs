using System;
using System.Collections.Generic;
using FeatureContracts.Contracts;
using FeatureContracts.Domains;
using FeatureContracts.Sources;
using NodaTime;
using NodaTime.Text;

namespace FeatureContracts.Tests.Domains;

// A tiny help-desk domain for the core's domain tests, with its own event records: a row is one ticket
// (ticket_id) at an instant. A ticket names its customer (a second key, linked through ticket_opened) and its queue
// (reference data measured by queue_load). The outcome is the ticket's resolution.

/// <summary>A ticket was opened: keyed by the ticket and by its customer; every field type of the schema appears.</summary>
public sealed record TicketOpened : DomainEvent
{
    public TicketOpened(
        string ticketId, string customerId, string queue, double? size, bool? urgent, LocalDate dueDate, DateTimeZone zone, string? note,
        Instant occurredAt, Instant? recordedAt = null, string? eventId = null)
        : base(occurredAt, recordedAt, eventId)
    {
        TicketId = ticketId;
        CustomerId = customerId;
        Queue = queue;
        Size = size;
        Urgent = urgent;
        DueDate = dueDate;
        Zone = zone;
        Note = note;
    }

    public string TicketId { get; }

    public string CustomerId { get; }

    public string Queue { get; }

    public double? Size { get; }

    public bool? Urgent { get; }

    public LocalDate DueDate { get; }

    public DateTimeZone Zone { get; }

    public string? Note { get; }

    public override string EventType => "ticket_opened";
}

/// <summary>An agent replied on a ticket.</summary>
public sealed record Reply(string TicketId, double? Words, Instant At, Instant? Recorded = null, string? Id = null) : DomainEvent(At, Recorded, Id)
{
    public override string EventType => "reply";
}

/// <summary>A customer was flagged: keyed only by the customer, so it reaches a ticket's partition through ticket_opened.</summary>
public sealed record CustomerFlagged(string CustomerId, string Reason, Instant At, Instant? Recorded = null, string? Id = null) : DomainEvent(At, Recorded, Id)
{
    public override string EventType => "customer_flagged";
}

/// <summary>How many tickets wait in a queue: reference data.</summary>
public sealed record QueueLoad(string Queue, double Waiting, Instant At, Instant? Recorded = null, string? Id = null) : DomainEvent(At, Recorded, Id)
{
    public override string EventType => "queue_load";
}

/// <summary>The ticket was resolved: outcome-only.</summary>
public sealed record Resolved(string TicketId, Instant At, Instant? Recorded = null, string? Id = null) : DomainEvent(At, Recorded, Id)
{
    public override string EventType => "resolved";
}

/// <summary>What a ticket row's sources read at T.</summary>
public sealed class TicketView(string entityId, Instant predictionInstant) : IPointInTimeView
{
    public Instant PredictionInstant { get; } = predictionInstant;

    public string EntityId { get; } = entityId;

    public TicketOpened? Opened { get; init; }

    public QueueLoad? Load { get; init; }

    public long RepliesLastDay { get; init; }
}

/// <summary>The help-desk domain.</summary>
public sealed class TicketDomain : Domain<TicketView>
{
    public const string TicketKey = "ticket_id";
    public const string CustomerKey = "customer_id";
    public const string QueueKey = "queue";

    private TicketDomain()
        : base(
            "tickets",
            Tickets.Schema,
            new EntityLayout(TicketKey, "ticket", "ticket_opened") { ReferenceKeys = [QueueKey] },
            new LabelDefinition("resolved_late", "late", "on_time"),
            "tickets-1")
    {
    }

    public static TicketDomain Instance { get; } = new();

    /// <summary>Resolved later than a day after opening is late; known when the resolution's record is visible.</summary>
    public override LabelState LabelAt(IHistoryLookup histories, string entityId, Instant snapshot)
    {
        EntityHistory ticket = histories.History(TicketKey, entityId);
        if (ticket.AsOf<Resolved>(snapshot) is not { } resolved || ticket.AsOf<TicketOpened>(snapshot) is not { } opened)
        {
            return LabelState.Unknown;
        }

        return LabelState.Known(resolved.OccurredAt - opened.OccurredAt > Duration.FromDays(1), resolved.RecordedAt);
    }

    public override TicketView ViewAt(IHistoryLookup histories, string entityId, Instant predictionInstant)
    {
        EntityHistory ticket = histories.History(TicketKey, entityId);
        TicketOpened? opened = ticket.AsOf<TicketOpened>(predictionInstant);
        return new TicketView(entityId, predictionInstant)
        {
            Opened = opened,
            Load = opened is null ? null : histories.History(QueueKey, opened.Queue).AsOf<QueueLoad>(predictionInstant),
            RepliesLastDay = ticket.Window<Reply>().CountIn(predictionInstant, Duration.FromDays(1)),
        };
    }
}

/// <summary>The help-desk schema, sources, contracts and shorthands.</summary>
internal static class Tickets
{
    public static readonly Instant T = Instant.FromUtc(2026, 5, 1, 9, 0);

    public static readonly LocalDate Due = new(2026, 5, 3);

    public static readonly DateTimeZone Paris = DateTimeZoneProviders.Tzdb["Europe/Paris"];

    public static readonly EventSchema Schema = EventSchema.Define()
        .Event<TicketOpened>("ticket_opened", t => t
            .Key(TicketDomain.TicketKey, e => e.TicketId)
            .Key(TicketDomain.CustomerKey, e => e.CustomerId)
            .Text("queue", e => e.Queue, shared: true)
            .Number("size", e => e.Size, FieldPresence.Nullable)
            .Boolean("urgent", e => e.Urgent, FieldPresence.Optional, absenceMeans: false)
            .Date("due_date", e => e.DueDate)
            .TimeZone("zone", e => e.Zone)
            .Text("note", e => e.Note, FieldPresence.Optional)
            .CreatedBy(f => new TicketOpened(
                f.Text(TicketDomain.TicketKey)!,
                f.Text(TicketDomain.CustomerKey)!,
                f.Text("queue")!,
                f.Number("size"),
                f.Boolean("urgent"),
                f.Date("due_date")!.Value,
                f.Zone("zone")!,
                f.Text("note"),
                f.OccurredAt,
                f.RecordedAt,
                f.EventId)))
        .Event<Reply>("reply", t => t
            .Key(TicketDomain.TicketKey, e => e.TicketId)
            .Number("words", e => e.Words, FieldPresence.Optional)
            .CreatedBy(f => new Reply(f.Text(TicketDomain.TicketKey)!, f.Number("words"), f.OccurredAt, f.RecordedAt, f.EventId)))
        .Event<CustomerFlagged>("customer_flagged", t => t
            .Key(TicketDomain.CustomerKey, e => e.CustomerId)
            .Text("reason", e => e.Reason)
            .CreatedBy(f => new CustomerFlagged(f.Text(TicketDomain.CustomerKey)!, f.Text("reason")!, f.OccurredAt, f.RecordedAt, f.EventId)))
        .Event<QueueLoad>("queue_load", t => t
            .Key(TicketDomain.QueueKey, e => e.Queue, shared: true)
            .Number("waiting", e => e.Waiting)
            .CreatedBy(f => new QueueLoad(f.Text(TicketDomain.QueueKey)!, f.Number("waiting")!.Value, f.OccurredAt, f.RecordedAt, f.EventId)))
        .Outcome<Resolved>("resolved", t => t
            .Key(TicketDomain.TicketKey, e => e.TicketId)
            .CreatedBy(f => new Resolved(f.Text(TicketDomain.TicketKey)!, f.OccurredAt, f.RecordedAt, f.EventId)))
        .Build();

    public static readonly ValueSource<TicketView, double> Size = ValueSource.Numeric<TicketView>(
        "tickets.size",
        [Schema.Field("ticket_opened", "size")],
        v => v.Opened is { Size: { } size } opened ? Observation<double>.Present(size, opened.ToLineage()) : Observation<double>.Missing());

    public static readonly ValueSource<TicketView, double> QueueWaiting = ValueSource.Numeric<TicketView>(
        "tickets.queue_waiting",
        [Schema.Field("queue_load", "waiting")],
        v => v.Load is { } load ? Observation<double>.Present(load.Waiting, load.ToLineage()) : Observation<double>.Missing());

    /// <summary>A contract of one feature: the ticket's size, rejected when missing.</summary>
    public static FeatureContract<TicketView> SizeContract()
        => FeatureContract.Define<TicketView>("ticket_speed", 1)
            .Numeric("size", f => f.From(Size).RejectIfMissing().RejectOutside(0, 1000))
            .Build();

    public static Instant At(string iso) => InstantPattern.ExtendedIso.Parse(iso).GetValueOrThrow();

    public static TicketOpened Opened(
        string ticketId = "K-1", Instant? at = null, Instant? recorded = null, string? id = null, string customerId = "C-1", string queue = "billing", double? size = 3)
        => new(ticketId, customerId, queue, size, urgent: null, Due, Paris, note: null, at ?? T - Duration.FromHours(2), recorded, id);

    /// <summary>A history store holding <paramref name="events"/>, appended in order.</summary>
    public static HistoryStore Store(params IEnumerable<DomainEvent> events)
    {
        var store = new HistoryStore(Schema);
        store.AppendRange(events);
        return store;
    }

    /// <summary>Builds the schema and returns every problem it reports; fails the test if it builds.</summary>
    public static IReadOnlyList<string> ProblemsOf(EventSchemaBuilder builder)
    {
        try
        {
            builder.Build();
        }
        catch (DomainDefinitionException ex)
        {
            return ex.Problems;
        }

        throw new InvalidOperationException("The schema built, but problems were expected.");
    }
}
