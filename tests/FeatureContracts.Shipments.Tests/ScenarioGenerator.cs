using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using FeatureContracts.Shipments.Events;
using FeatureContracts.Shipments.Histories;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;

namespace FeatureContracts.Shipments.Tests;

/// <summary>
/// A generated log of a few orders and warehouses, a prediction instant, and the same log shuffled and with
/// duplicated lines. Every event has a distinct occurred_at, so no as-of lookup ever reaches the input-position
/// tie-break (which depends on input order by design).
/// </summary>
public sealed record Scenario(
    ImmutableArray<string> OrderIds,
    ImmutableArray<OrderEvent> OrderEvents,
    ImmutableArray<BacklogMeasured> Backlog,
    Instant PredictionInstant,
    ImmutableArray<OrderEvent> ShuffledOrderEvents,
    ImmutableArray<BacklogMeasured> ShuffledBacklog,
    ImmutableArray<OrderEvent> DuplicatedOrderEvents,
    ImmutableArray<BacklogMeasured> DuplicatedBacklog)
{
    public ShipmentHistory HistoryOf(string orderId, IEnumerable<OrderEvent> events)
        => ShipmentHistory.Of(orderId, events.Where(e => e.OrderId == orderId));

    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"T = {PredictionInstant}; orders {string.Join(", ", OrderIds)}\n");
        foreach (OrderEvent e in OrderEvents)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {Describe(e)}\n");
        }

        foreach (BacklogMeasured m in Backlog)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {m.EventId} backlog {m.Warehouse}={m.QueueLength} occurred {m.OccurredAt} recorded {m.RecordedAt}\n");
        }

        return text.ToString();
    }

    private static string Describe(OrderEvent e) => e switch
    {
        OrderPlaced p => FormattableString.Invariant(
            $"{p.EventId} order_placed {p.OrderId} occurred {p.OccurredAt} recorded {p.RecordedAt} carrier={p.Carrier ?? "null"} km={p.DistanceKm?.ToString("R", CultureInfo.InvariantCulture) ?? "null"} expedited={p.Expedited?.ToString() ?? "null"} origin={p.Origin} promised={p.PromisedDate:uuuu-MM-dd} {p.DestinationZone.Id}"),
        _ => FormattableString.Invariant($"{e.EventId} {e.EventType} {e.OrderId} occurred {e.OccurredAt} recorded {e.RecordedAt}"),
    };
}

/// <summary>The FsCheck generator of <see cref="Scenario"/>s.</summary>
public static class ScenarioArbitrary
{
    public static readonly Instant Base = Instant.FromUtc(2026, 5, 1, 0, 0);

    private const int Day = 24 * 60;

    private static readonly string?[] Carriers = ["northline", "swiftpost", "bluefreight", "metrocourier", "parcelwing", "ghostship", null];
    private static readonly double?[] Distances = [620, 12.5, 1999.9, 0.1, 20_000, 300, null, 0, 25_000, double.NaN];
    private static readonly bool?[] ExpeditedValues = [true, false, null];
    private static readonly string[] Origins = ["WH-A", "WH-B"];
    private static readonly string[] Warehouses = ["WH-A", "WH-B", "WH-C"];
    private static readonly string[] ZoneIds = ["Europe/Berlin", "America/Santiago", "Asia/Tokyo", "Etc/UTC", "Atlantic/Azores"];

    private enum Kind
    {
        Amendment,
        Scan,
        Delivery,
        Complaint,
    }

    private sealed record RawOrder(int Minute, int Lag, int Carrier, int Distance, int Expedited, int Origin, int PromiseDays, int Zone);

    private sealed record RawEvent(Kind Kind, int Order, int Minute, int Lag, RawOrder Amendment);

    private sealed record RawBacklog(int Warehouse, int Minute, int Lag, int Queue);

    private sealed record RawInstant(int Mode, int Minute, int Pick);

    private sealed record Assembled(ImmutableArray<string> OrderIds, ImmutableArray<OrderEvent> Events, ImmutableArray<BacklogMeasured> Backlog, Instant T);

    /// <summary>Recording lags in minutes: often none, sometimes minutes, sometimes more than a day.</summary>
    private static Gen<int> Lag { get; } = Gen.Frequency(
        (4, Gen.Constant(0)),
        (3, Gen.Choose(1, 90)),
        (2, Gen.Choose(91, 36 * 60)));

    private static Gen<RawOrder> RawOrders { get; } =
        from minute in Gen.Choose(0, 2 * Day)
        from lag in Lag
        from carrier in Gen.Choose(0, Carriers.Length - 1)
        from distance in Gen.Choose(0, Distances.Length - 1)
        from expedited in Gen.Choose(0, ExpeditedValues.Length - 1)
        from origin in Gen.Choose(0, Origins.Length - 1)
        from promiseDays in Gen.Choose(0, 5)
        from zone in Gen.Choose(0, ZoneIds.Length - 1)
        select new RawOrder(minute, lag, carrier, distance, expedited, origin, promiseDays, zone);

    private static Gen<RawEvent> RawEvents { get; } =
        from kind in Gen.Frequency(
            (2, Gen.Constant(Kind.Amendment)),
            (6, Gen.Constant(Kind.Scan)),
            (2, Gen.Constant(Kind.Delivery)),
            (1, Gen.Constant(Kind.Complaint)))
        from order in Gen.Choose(0, 2)
        from minute in Gen.Choose(0, 6 * Day)
        from lag in Lag
        from amendment in RawOrders
        select new RawEvent(kind, order, minute, lag, amendment);

    private static Gen<RawBacklog> RawBacklogs { get; } =
        from warehouse in Gen.Choose(0, Warehouses.Length - 1)
        from minute in Gen.Choose(0, 6 * Day)
        from lag in Lag
        from queue in Gen.Choose(0, 60)
        select new RawBacklog(warehouse, minute, lag, queue);

    private static Gen<RawInstant> RawInstants { get; } =
        from mode in Gen.Choose(0, 5)
        from minute in Gen.Choose(0, 7 * Day)
        from pick in Gen.Choose(0, 1000)
        select new RawInstant(mode, minute, pick);

    public static Gen<Scenario> Scenarios { get; } =
        from orderCount in Gen.Choose(1, 3)
        from orders in Gen.ArrayOf(RawOrders, orderCount)
        from eventCount in Gen.Choose(0, 14)
        from events in Gen.ArrayOf(RawEvents, eventCount)
        from backlogCount in Gen.Choose(0, 8)
        from backlog in Gen.ArrayOf(RawBacklogs, backlogCount)
        from instant in RawInstants
        let assembled = Assemble(orders, events, backlog, instant)
        from shuffledEvents in Gen.Shuffle(assembled.Events.ToArray())
        from shuffledBacklog in Gen.Shuffle(assembled.Backlog.ToArray())
        from duplicatedEvents in Gen.SubListOf(assembled.Events.ToArray()).SelectMany(copies => Gen.Shuffle(copies.ToArray()))
        from duplicatedBacklog in Gen.SubListOf(assembled.Backlog.ToArray()).SelectMany(copies => Gen.Shuffle(copies.ToArray()))
        select new Scenario(
            assembled.OrderIds,
            assembled.Events,
            assembled.Backlog,
            assembled.T,
            [.. shuffledEvents],
            [.. shuffledBacklog],
            [.. assembled.Events, .. duplicatedEvents.Select(e => e with { })],
            [.. assembled.Backlog, .. duplicatedBacklog.Select(m => m with { })]);

    public static Arbitrary<Scenario> ScenarioArb() => Arb.From(Scenarios);

    private static Assembled Assemble(RawOrder[] orders, RawEvent[] events, RawBacklog[] backlog, RawInstant instant)
    {
        // Each event gets a distinct millisecond offset on top of its minute, so occurred_at never ties.
        int sequence = 0;
        Instant Occurred(int minute) => Base + Duration.FromMinutes(minute) + Duration.FromMilliseconds(sequence++);
        string NextId() => "e" + sequence.ToString(CultureInfo.InvariantCulture);

        var orderIds = Enumerable.Range(1, orders.Length).Select(i => "O-" + i.ToString(CultureInfo.InvariantCulture)).ToImmutableArray();
        var orderEvents = ImmutableArray.CreateBuilder<OrderEvent>();
        for (int i = 0; i < orders.Length; i++)
        {
            string id = NextId();
            orderEvents.Add(Placed(orderIds[i], orders[i], Occurred(orders[i].Minute), id));
        }

        foreach (RawEvent raw in events)
        {
            string orderId = orderIds[raw.Order % orderIds.Length];
            string id = NextId();
            Instant occurred = Occurred(raw.Minute);
            Instant recorded = occurred + Duration.FromMinutes(raw.Lag);
            orderEvents.Add(raw.Kind switch
            {
                Kind.Amendment => Placed(orderId, raw.Amendment with { Lag = raw.Lag }, occurred, id),
                Kind.Scan => new Scan(orderId, occurred, null, recorded, id),
                Kind.Delivery => new Delivered(orderId, occurred, recorded, id),
                _ => new Complaint(orderId, occurred, recorded, id),
            });
        }

        var measurements = ImmutableArray.CreateBuilder<BacklogMeasured>();
        foreach (RawBacklog raw in backlog)
        {
            string id = NextId();
            Instant occurred = Occurred(raw.Minute);
            measurements.Add(new BacklogMeasured(Warehouses[raw.Warehouse], raw.Queue, occurred, occurred + Duration.FromMinutes(raw.Lag), id));
        }

        return new Assembled(orderIds, orderEvents.ToImmutable(), measurements.ToImmutable(), PickInstant(instant, orderEvents, measurements));
    }

    private static OrderPlaced Placed(string orderId, RawOrder raw, Instant occurred, string id)
        => new(
            orderId,
            occurred,
            Carriers[raw.Carrier],
            Distances[raw.Distance],
            ExpeditedValues[raw.Expedited],
            Origins[raw.Origin],
            new LocalDate(2026, 5, 1).PlusDays(raw.PromiseDays),
            DateTimeZoneProviders.Tzdb[ZoneIds[raw.Zone]],
            occurred + Duration.FromMinutes(raw.Lag),
            id);

    /// <summary>
    /// A prediction instant: anywhere in the week, or exactly at (or one tick either side of) an event's
    /// recorded_at, or exactly at (or one tick before) an order's deadline.
    /// </summary>
    private static Instant PickInstant(RawInstant raw, IReadOnlyList<OrderEvent> events, IReadOnlyList<BacklogMeasured> backlog)
    {
        var recorded = events.Select(e => e.RecordedAt).Concat(backlog.Select(m => m.RecordedAt)).ToList();
        Instant someRecord = recorded[raw.Pick % recorded.Count];
        OrderPlaced someOrder = events.OfType<OrderPlaced>().ElementAt(raw.Pick % events.OfType<OrderPlaced>().Count());
        Instant someDeadline = someOrder.PromisedDate.PlusDays(1).AtStartOfDayInZone(someOrder.DestinationZone).ToInstant();
        return raw.Mode switch
        {
            0 or 1 => Base + Duration.FromMinutes(raw.Minute),
            2 => someRecord,
            3 => someRecord - Duration.Epsilon,
            4 => someRecord + Duration.Epsilon,
            _ => raw.Pick % 2 == 0 ? someDeadline : someDeadline - Duration.Epsilon,
        };
    }
}
