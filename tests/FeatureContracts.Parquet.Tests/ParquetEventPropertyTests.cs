using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using FeatureContracts.Export.Events;
using FeatureContracts.Shipments.Events;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;

namespace FeatureContracts.Parquet.Tests;

/// <summary>Valid events (at the Parquet log's microsecond resolution) and a row group size.</summary>
public sealed record EventBatch(ShipmentEvent[] Events, int RowGroupSize)
{
    public override string ToString() => $"row groups of {RowGroupSize}: [{string.Join(", ", Events.Select(e => e.ToString()))}]";
}

public static class EventBatchArbitrary
{
    private static readonly string[] Zones = ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "UTC", "Pacific/Chatham", "America/St_Johns"];

    private static Gen<string> Text { get; } = Gen.Frequency(
        (4, Gen.Elements("O-1", "O-2", "northline", "WH-HAM", "hub", "e-17", "K\u00f6ln \ud83d\udce6", " padded ", "a\"b\\c\n", "\u00e9t\u00e9")),
        (1, ArbMap.Default.GeneratorFor<NonWhiteSpaceString>().Select(s => s.Get).Where(s => !s.Any(char.IsSurrogate))));

    private static Gen<string?> OptionalText { get; } = Gen.Frequency((1, Gen.Constant<string?>(null)), (3, Text.Select(s => (string?)s)));

    /// <summary>Plausible instants (<see cref="EventLineRules.PlausibleInstants"/>: 1900 to 2199), whole microseconds, mostly near 2026.</summary>
    private static Gen<Instant> Instants { get; } = Gen.Frequency(
        (6, Gen.Choose(0, int.MaxValue).Select(s => Instant.FromUtc(2026, 1, 1, 0, 0) + Duration.FromSeconds(s % (86_400 * 365)))),
        (3, from s in Gen.Choose(0, int.MaxValue)
            from us in Gen.Choose(0, 999_999)
            select Instant.FromUtc(2026, 1, 1, 0, 0) + Duration.FromSeconds(s % (86_400 * 365)) + Duration.FromTicks(us * 10L)),
        (1, from year in Gen.Choose(1900, 2199)
            from day in Gen.Choose(0, 364)
            from us in Gen.Choose(0, int.MaxValue)
            select Instant.FromUtc(year, 1, 1, 0, 0) + Duration.FromDays(day) + Duration.FromTicks(us * 10L)));

    private static Gen<double> Numbers { get; } = Gen.Frequency(
        (3, Gen.Choose(-1000, 100_000).Select(n => n / 4.0)),
        (2, ArbMap.Default.GeneratorFor<NormalFloat>().Select(f => f.Get)),
        (1, Gen.Elements(0.0, -0.0, double.Epsilon, double.MaxValue, double.MinValue, 0.1, 1e-300, 620.0)));

    private static Gen<(Instant Occurred, Instant? Recorded, string? Id)> Common { get; } =
        from occurred in Instants
        from lag in Gen.Frequency((2, Gen.Constant<long?>(null)), (1, Gen.Constant<long?>(0)), (3, Gen.Choose(1, int.MaxValue).Select(n => (long?)n)))
        from id in OptionalText
        let recorded = lag is { } micros && occurred < Instant.FromUtc(2199, 12, 31, 0, 0) ? occurred + Duration.FromTicks(micros * 10) : (Instant?)null
        select (occurred, recorded, id);

    private static Gen<ShipmentEvent> Event { get; } = Gen.OneOf(
        from c in Common
        from order in Text
        from carrier in OptionalText
        from distance in Gen.Frequency((1, Gen.Constant<double?>(null)), (4, Numbers.Select(d => (double?)d)))
        from expedited in Gen.Elements<bool?>(null, true, false)
        from origin in Text
        from date in Gen.Choose(1, 9999 * 365).Select(d => new LocalDate(1, 1, 1).PlusDays(d))
        from zone in Gen.Elements(Zones)
        select (ShipmentEvent)new OrderPlaced(order, c.Occurred, carrier, distance, expedited, origin, date, DateTimeZoneProviders.Tzdb[zone], c.Recorded, c.Id),
        from c in Common
        from order in Text
        from location in OptionalText
        select (ShipmentEvent)new Scan(order, c.Occurred, location, c.Recorded, c.Id),
        from c in Common
        from warehouse in Text
        from queue in Numbers
        select (ShipmentEvent)new BacklogMeasured(warehouse, queue, c.Occurred, c.Recorded, c.Id),
        from c in Common
        from order in Text
        select (ShipmentEvent)new Delivered(order, c.Occurred, c.Recorded, c.Id),
        from c in Common
        from order in Text
        select (ShipmentEvent)new Complaint(order, c.Occurred, c.Recorded, c.Id));

    public static Gen<EventBatch> Batches { get; } =
        from count in Gen.Choose(0, 40)
        from events in Gen.ArrayOf(Event, count)
        from rowGroupSize in Gen.Frequency((2, Gen.Choose(1, 8)), (1, Gen.Constant(ParquetEventWriter.DefaultRowGroupSize)))
        select new EventBatch(events, rowGroupSize);

    public static Arbitrary<EventBatch> EventBatchArb() => Arb.From(Batches);
}

/// <summary>For valid events, the Parquet log and the JSON Lines log read back to the same lines.</summary>
public sealed class ParquetEventPropertyTests : TempFolderTests
{
    [Property(Arbitrary = [typeof(EventBatchArbitrary)], MaxTest = 150)]
    public void Writing_Parquet_and_reading_it_gives_what_writing_JSON_Lines_and_reading_it_gives(EventBatch batch)
    {
        string parquet = PathOf(Guid.NewGuid().ToString("N") + ".parquet");
        string jsonl = PathOf(Guid.NewGuid().ToString("N") + ".jsonl");
        EventLogFiles.WriteParquet(parquet, batch.Events, batch.RowGroupSize);
        EventLogFiles.WriteJsonLines(jsonl, batch.Events);

        List<EventLine> fromParquet = Task.Run(() => EventLogFiles.ReadAllAsync(new ParquetEventSource(parquet))).GetAwaiter().GetResult();
        List<EventLine> fromJson = new EventLogReader(EventLogFiles.Schema).ReadFile(jsonl).ToList();

        fromParquet.Should().Equal(fromJson);
        fromParquet.Select(l => l.Event).Should().Equal(batch.Events);
        File.Delete(parquet);
        File.Delete(jsonl);
    }
}
