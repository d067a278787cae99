using System;
using System.Collections.Generic;
using System.Linq;
using FeatureContracts.Domains;
using FeatureContracts.Rows;
using FeatureContracts.Shipments;
using FeatureContracts.Shipments.Events;
using FsCheck.Xunit;
using NodaTime;
using NodaTime.Testing;

namespace FeatureContracts.Serving.Tests;

/// <summary>
/// Training–serving parity without the exporter: the rows <see cref="Transform.BuildRow"/> builds over a store filled in
/// file order, and the rows and vectors the online scorer builds over another store filled with the same events in
/// another arrival order with duplicates, are identical bit for bit at every instant, rejections included.
/// </summary>
public sealed class ReplayParityTests
{
    private static readonly Instant Origin = Instant.FromUtc(2026, 5, 1, 6, 0);
    private static readonly DateTimeZone Berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];
    private static readonly string?[] Carriers = ["northline", "swiftpost", "zipzap", "bluefreight", "parcelwing", "northline", "swiftpost", null];
    private static readonly ShipmentTransform Transform = ShipmentTransform.LateDeliveryV1;

    private static HistoryStore StoreOf(IEnumerable<ShipmentEvent> events)
    {
        var store = new HistoryStore(ShipmentDomain.Instance.Schema);
        store.AppendRange(events);
        return store;
    }

    /// <summary>
    /// A log in file order over three orders and two measured warehouses (a third origin is never measured), on a
    /// ten-minute grid so that ties on occurred_at, recorded_at and both are frequent; every fourth event has no id.
    /// </summary>
    private static List<ShipmentEvent> FileOrder(IEnumerable<(byte Kind, byte Occurred, byte Lag, byte Extra)> spec)
    {
        var events = new List<ShipmentEvent>();
        foreach ((byte kind, byte occurredStep, byte lag, byte extra) in spec)
        {
            int i = events.Count;
            Instant occurred = Origin + Duration.FromMinutes(10 * (occurredStep % 24));
            Instant recorded = occurred + Duration.FromMinutes(10 * (lag % 4));
            string? id = extra % 4 == 0 ? null : $"e{i}";
            string order = "O-" + ((kind >> 3) % 3);
            events.Add((kind % 8) switch
            {
                0 or 1 => new BacklogMeasured("WH-" + (kind % 2), extra % 30, occurred, recorded, id),
                2 => new OrderPlaced(
                    order,
                    occurred,
                    Carriers[extra % Carriers.Length],
                    extra % 11 == 0 ? null : 50 + extra,
                    extra % 3 == 0 ? null : extra % 2 == 0,
                    "WH-" + (extra % 3),
                    new LocalDate(2026, 5, 2),
                    Berlin,
                    recorded,
                    id),
                3 or 4 or 5 => new Scan(order, occurred, "hub", recorded, id),
                6 => new Delivered(order, occurred, recorded, id),
                _ => new Complaint(order, occurred, recorded, id),
            });
        }

        return events;
    }

    private static IEnumerable<(string Order, Instant At)> Points()
    {
        for (int minutes = -10; minutes <= 290; minutes += 5)
        {
            foreach (string order in new[] { "O-0", "O-1", "O-2" })
            {
                yield return (order, Origin + Duration.FromMinutes(minutes));
            }
        }
    }

    private static long[] Bits(ReadOnlySpan<double> vector)
    {
        var bits = new long[vector.Length];
        for (int i = 0; i < vector.Length; i++)
        {
            bits[i] = BitConverter.DoubleToInt64Bits(vector[i]);
        }

        return bits;
    }

    /// <summary>Whether the scorer's result is exactly the transform's, row and vector bit for bit, or rejections alike.</summary>
    private static bool Same(RowResult expected, ScoreResult served, RecordingModel model)
    {
        if (expected.IsAccepted != served.RowResult.IsAccepted || !string.Equals(expected.EntityId, served.EntityId, StringComparison.Ordinal))
        {
            return false;
        }

        return expected.IsAccepted
            ? served.IsScored
                && served.Row!.Equals(expected.Row)
                && Bits(model.LastVector!).SequenceEqual(Bits(RecordingModel.Vectorizer.Vectorize(expected.Row!)))
            : !served.IsScored && served.Rejections.SequenceEqual(expected.Rejections);
    }

    [Property(MaxTest = 200)]
    public bool The_scorer_over_a_shuffled_store_with_duplicates_rebuilds_every_row_and_vector_of_the_store_in_file_order(
        List<(byte Kind, byte Occurred, byte Lag, byte Extra)> spec, int seed)
    {
        List<ShipmentEvent> fileOrder = FileOrder(spec);
#pragma warning disable CA5394 // Seeded test data.
        List<ShipmentEvent> arrivals = ServingScenario.Rearrive(fileOrder, new Random(seed), fileOrder.Count / 3);
#pragma warning restore CA5394
        HistoryStore inFileOrder = StoreOf(fileOrder);
        var model = new RecordingModel();
        var scorer = new OnlineScorer(StoreOf(arrivals), Transform, RecordingModel.Vectorizer, model, new FakeClock(Origin));

        return Points().All(p => Same(Transform.BuildRow(inFileOrder, p.Order, p.At), scorer.ScoreAt(p.Order, p.At), model));
    }

    [Fact]
    public void The_generated_logs_give_scored_rows_and_every_kind_of_rejection()
    {
        // Keeps the property above honest: its logs reach accepted rows, contract rejections and both row gates.
#pragma warning disable CA5394 // Seeded test data.
        var random = new Random(17);
        var codes = new HashSet<RejectionCode>();
        int accepted = 0;
        for (int n = 0; n < 60; n++)
        {
            var spec = Enumerable.Range(0, random.Next(5, 40))
                .Select(_ => ((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256)))
                .ToList();
#pragma warning restore CA5394
            HistoryStore store = StoreOf(FileOrder(spec));
            foreach ((string order, Instant at) in Points())
            {
                RowResult row = Transform.BuildRow(store, order, at);
                accepted += row.IsAccepted ? 1 : 0;
                codes.UnionWith(row.Rejections.Select(r => r.Code));
            }
        }

        accepted.Should().BeGreaterThan(500);
        codes.Should().Contain([RejectionCode.EntityNotKnown, RejectionCode.OutcomeAlreadyKnown, RejectionCode.MissingValue]);
    }

    [Fact]
    public void For_every_point_of_a_large_log_the_scorer_builds_what_the_transform_builds_from_the_log_in_file_order()
    {
        Instant snapshot = ServingScenario.Start + Duration.FromDays(9);
        var scenario = new ServingScenario(orders: 1500, seed: 7);
        HistoryStore inFileOrder = StoreOf(scenario.Events.Where(e => e.RecordedAt <= snapshot));
        List<ShipmentEvent> arrivals = scenario.Arrivals(snapshot, seed: 3);
        HistoryStore replayed = StoreOf(arrivals);
        var model = new RecordingModel();
        var scorer = new OnlineScorer(replayed, Transform, RecordingModel.Vectorizer, model, new FakeClock(snapshot));

        var codes = new HashSet<NotScoredCode>();
        int scored = 0;
        foreach (ScenarioPoint point in scenario.Points.Where(p => p.PredictionTime <= snapshot))
        {
            RowResult expected = Transform.BuildRow(inFileOrder, point.OrderId, point.PredictionTime);
            ScoreResult served = scorer.ScoreAt(point.OrderId, point.PredictionTime);

            Same(expected, served, model).Should().BeTrue($"served {served} must be what the transform builds: {expected.Row?.ToString() ?? string.Join("; ", expected.Rejections)}");
            scored += served.IsScored ? 1 : 0;
            codes.UnionWith(served.Reasons.Select(r => r.Code));
        }

        replayed.EventCount.Should().Be(inFileOrder.EventCount).And.BeLessThan(arrivals.Count, "the replay carries duplicates, which count once");
        scored.Should().BeGreaterThan(1000);
        codes.Should().Contain([NotScoredCode.OutcomeAlreadyKnown, NotScoredCode.EntityNotKnown, NotScoredCode.RowRejected]);
    }
}
